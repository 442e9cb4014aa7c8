"""Pretext x temporal head on the embedded synthetic data: valence/arousal
CCC and expression macro F1 at one label budget (issue 16's comparison).

    python tools/analysis/pretext_head_table.py [--seeds 0 1]
        [--match REGEX] [--work-dir work_dirs/pretext_head]

1. generates the small synthetic set of the paper-table miniatures
   (``data/synthetic_mini``, ``configs/_base_/mini/paper_tables_synthetic.py``:
   8 unlabelled 'pretrain' subjects, 4 labelled 'train' subjects -- the label
   budget of every row -- and 3 held-out 'test' subjects);
2. trains each pretext a row needs with its committed config
   ``configs/selfsup/<method>_..._1xb8-12e_synthetic-mini.py`` (the row's
   checkpoint path names it) into ``work_dirs/<config name>/``, unless the
   checkpoint is there (``tools/paper_tables.py`` makes the same ones);
3. trains every committed row ``configs/selfsup/pretext_head/*.py`` (one
   multi-task head, VA + expression, over a GRU / TCN / Transformer trunk;
   backbone ResNet18 from scratch or LiRA / BYOL / DINO, or VideoViT-Tiny
   from scratch or MAE / V-JEPA, fine-tuned; and the frozen-encoder probes
   ``*-frozen_*``: each pretext, and the random initialisation as the
   control, with the encoder fixed under the GRU trunk) and tests it on the
   test subjects;
4. prints the table and writes ``<work-dir>/pretext_head.{json,md}``, with
   each pretext's first and last logged loss (did it learn?).

Nothing is overridden but ``randomness.seed`` for seeds other than the
configs' 0 (work dirs ``<row>_seed<N>``). Training runs in this process.
Resumable: a (row, seed) already in the JSON is not run again, so
``--match`` can split the run; the JSON is rewritten after every row.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import os.path as osp
import re
import time
from typing import Dict, List

from mmaction_vaerr.io import atomic_write, write_json_atomic
from mmaction_vaerr.tools import REPO
from mmaction_vaerr.tools.analysis.pretext_head_markdown import (  # noqa: F401
    HEADS, to_markdown)

ROWS = osp.join(REPO, 'configs', 'selfsup', 'pretext_head')
NAME = re.compile(r'mtl-va-expr_(r18-stem3d|vit-t4-p2x8x8)-(gru|tcn|'
                  r'transformer)_([a-z]+)(?:-pre-synthetic-mini)?'
                  r'(-frozen)?_')


def parse_row(path: str) -> Dict[str, str]:
    """Backbone, head, initialisation and mode (``'finetuned'``, or
    ``'frozen'``: the encoder fixed, a frozen-encoder probe) from a row
    config's name."""
    m = NAME.match(osp.basename(path))
    if not m:
        raise ValueError(f'{path}: not a pretext x head row name')
    return dict(backbone=m.group(1), head=m.group(2), init=m.group(3),
                mode='frozen' if m.group(4) else 'finetuned')


def rows(match: str = '') -> List[str]:
    """Row configs matching ``match``, VideoViT rows first."""
    found = sorted((p for p in glob.glob(osp.join(ROWS, '*.py'))
                    if re.search(match, osp.basename(p))),
                   key=lambda p: ('vit' not in osp.basename(p), p))
    if not found:
        raise FileNotFoundError(f'no row config in {ROWS} matches {match!r}')
    return found


def pretext_config(checkpoint: str) -> str:
    """``work_dirs/<name>/epoch_N.pth`` -> ``configs/selfsup/<name>.py``."""
    name = osp.basename(osp.dirname(checkpoint))
    path = osp.join(REPO, 'configs', 'selfsup', name + '.py')
    if not osp.isfile(path):
        raise FileNotFoundError(f'{checkpoint}: no pretext config {path}')
    return path


def loss_span(work_dir: str) -> Dict[str, float]:
    """First and last logged training loss of a run (vis_data/scalars)."""
    files = sorted(glob.glob(osp.join(work_dir, '*', 'vis_data',
                                      'scalars.json')), key=osp.getmtime)
    losses = []
    for f in files[-1:]:
        with open(f) as fh:
            losses = [json.loads(line)['loss'] for line in fh
                      if '"loss"' in line]
    return dict(first=losses[0], last=losses[-1]) if losses else {}


def pretrain(checkpoint: str, data_root: str) -> Dict:
    from mmengine.config import Config
    from mmengine.runner import Runner
    cfg = Config.fromfile(pretext_config(checkpoint))
    cfg.work_dir = osp.dirname(checkpoint)
    assert cfg.train_dataloader.dataset.data_root == data_root, checkpoint
    if not osp.isfile(checkpoint):
        Runner.from_cfg(cfg).train()
    return dict(config=osp.relpath(pretext_config(checkpoint), REPO),
                loss=loss_span(cfg.work_dir))


def run_row(path: str, seed: int, work: str) -> Dict:
    from mmengine.config import Config
    from mmengine.runner import Runner
    cfg = Config.fromfile(path)
    name = osp.splitext(osp.basename(path))[0]
    if seed != cfg.randomness.seed:
        cfg.randomness.seed = seed
        name += f'_seed{seed}'
    cfg.work_dir = osp.join(work, name)
    cfg.experiment_name = f'{name}_{time.time_ns()}'
    t0 = time.time()
    runner = Runner.from_cfg(cfg)
    runner.train()
    metrics = runner.test()
    return dict(config=osp.relpath(path, REPO), seed=seed,
                wall_s=round(time.time() - t0, 1), **parse_row(path),
                **{k: float(v) for k, v in metrics.items()})


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--seeds', type=int, nargs='+', default=[0])
    p.add_argument('--match', default='', help='run only the rows whose '
                   'config name matches this regex')
    p.add_argument('--work-dir', default='work_dirs/pretext_head')
    return p.parse_args(argv)


def main(argv=None) -> List[Dict]:
    args = parse_args(argv)
    os.chdir(REPO)
    from mmaction_vaerr.tools import paper_tables
    import torch
    import mmaction_vaerr  # noqa: F401  (registers the plugin)
    from mmaction.utils import register_all_modules
    from mmengine.config import Config
    register_all_modules(init_default_scope=True)
    t0 = time.time()
    mini = paper_tables.load_mini()
    paper_tables.generate(mini)
    os.makedirs(args.work_dir, exist_ok=True)
    out = osp.join(args.work_dir, 'pretext_head')
    done = dict(pretexts={}, results=[], wall_s=0.0)
    if osp.isfile(out + '.json'):      # resume: rows already measured
        with open(out + '.json') as f:
            done.update(json.load(f))
    pretexts, results = done['pretexts'], done['results']
    meta = dict(cpu=paper_tables.cpu_name(), threads=torch.get_num_threads(),
                data=mini['data_root'],
                label_budget=dict(mini['data_subjects'])['train'])

    def save():
        wall = done['wall_s'] + time.time() - t0
        write_json_atomic(out + '.json', dict(
            meta=meta, wall_s=round(wall, 1), pretexts=pretexts,
            results=results), indent=2)

    for seed in args.seeds:
        for path in rows(args.match):
            rel = osp.relpath(path, REPO)
            if any(r['config'] == rel and r['seed'] == seed
                   for r in results):
                continue
            init = Config.fromfile(path).model.backbone.get('init_cfg')
            if init and init.checkpoint not in pretexts:  # when first needed
                pretexts[init.checkpoint] = pretrain(init.checkpoint,
                                                     mini['data_root'])
            results.append(run_row(path, seed, args.work_dir))
            save()
    save()
    md = to_markdown(results)
    with atomic_write(out + '.md') as tmp, open(tmp, 'w') as f:
        f.write(md)
    print(md)
    for c, p in pretexts.items():
        print(f'{p["config"]}: loss {p["loss"]}')
    print(f'wall time (all runs into this work dir) '
          f'{done["wall_s"] + time.time() - t0:.0f} s on {meta["cpu"]}')
    return results
