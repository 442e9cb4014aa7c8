"""The categorical metrics reduce across 2 processes (gloo, CPU) to the
single-process result: mmengine's BaseMetric collects every rank's results
before ``compute_metrics``, and drops the samples a distributed sampler
repeats to fill the last batch."""
import json
import os

import torch.multiprocessing as mp

from mmaction_vaerr.testing import free_port, gloo_group
from mmaction_vaerr.testing.samples import (au_samples, clip_samples,
                                            expr_samples)

WORLD = 2


def metrics_and_samples():
    from mmaction_vaerr.evaluation.metrics import (AUMetric, ExprMetric,
                                                   UARWARMetric)
    # odd counts, so one rank gets a padded (repeated) sample, as with
    # mmengine's DefaultSampler
    return [(ExprMetric, {}, expr_samples(7, n_videos=5)),
            (AUMetric, {}, au_samples(8, n_videos=5)),
            (UARWARMetric, dict(class_names=list('abcdef')),
             clip_samples(9, n=41))]


def worker(rank, port, out_dir):
    import mmaction_vaerr  # noqa: F401
    with gloo_group(rank, WORLD, port=port):
        out = []
        for cls, kw, samples in metrics_and_samples():
            metric = cls(collect_dir=os.path.join(out_dir, cls.__name__), **kw)
            n = len(samples)
            padded = samples + samples[:(-n) % WORLD]
            # DefaultSampler(shuffle=False) hands rank r items r, r+W, ...
            for s in padded[rank::WORLD]:
                metric.process(None, [s])
            out.append(metric.evaluate(n))
        with open(os.path.join(out_dir, f'rank{rank}.json'), 'w') as f:
            json.dump(out, f)


def test_two_processes_equal_one(tmp_path):
    mp.spawn(worker, args=(free_port(), str(tmp_path)), nprocs=WORLD)
    ranks = [json.loads((tmp_path / f'rank{r}.json').read_text())
             for r in range(WORLD)]
    assert ranks[0] == ranks[1]          # every rank gets the result
    for got, (cls, kw, samples) in zip(ranks[0], metrics_and_samples()):
        single = cls(**kw)
        single.process(None, samples)
        ref = single.evaluate(len(samples))
        assert got.keys() == ref.keys()
        for k, v in ref.items():
            assert got[k] == v or (v != v and got[k] != got[k]), k
