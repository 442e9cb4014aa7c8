import json
import logging
import math
import types

import numpy as np
import pytest
import torch
import torch.multiprocessing as mp
from mmengine.logging import MMLogger

from mmaction.registry import METRICS
from mmaction_vaerr.evaluation.metrics import CCCMetric
from mmaction_vaerr.testing import gloo_group, loop_ccc


def _video(vid, num, seed):
    rng = np.random.default_rng(seed)
    gt = np.clip(np.cumsum(rng.standard_normal((num, 2)), 0) / 10, -1, 1)
    pred = 0.6 * gt + 0.2 * rng.standard_normal((num, 2)) + 0.05
    mask = rng.random(num) > 0.15
    gt[~mask] = -5.0
    return dict(video_id=vid, pred=pred, gt=gt, mask=mask)


def _sample(video, start=0, stop=None, with_inds=True, pred=None):
    stop = len(video['gt']) if stop is None else stop
    pred = video['pred'] if pred is None else pred
    out = dict(video_id=video['video_id'],
               pred_va=torch.tensor(pred[start:stop], dtype=torch.float32),
               gt_va=torch.tensor(video['gt'][start:stop],
                                  dtype=torch.float32),
               frame_mask=torch.tensor(video['mask'][start:stop]))
    if with_inds:
        out['frame_inds'] = torch.arange(start, stop)
    return out


def _evaluate(samples, **kwargs):
    metric = METRICS.build(dict(type='CCCMetric', **kwargs))
    metric.process(None, samples)
    return metric.evaluate(len(samples))


VIDEOS = [_video('a', 120, 0), _video('b', 80, 1), _video('c', 1, 2)]


def test_against_plain_loops_and_keys():
    res = _evaluate([_sample(v) for v in VIDEOS])
    assert set(res) == {f'va/{k}' for k in (
        'ccc_arousal', 'ccc_valence', 'ccc_mean', 'pcc_arousal',
        'pcc_valence', 'rmse_arousal', 'rmse_valence', 'video_ccc_arousal',
        'video_ccc_valence', 'video_ccc_mean')}
    for d, name in enumerate(('arousal', 'valence')):
        x, y, per_video = [], [], []
        for v in VIDEOS:  # sorted by id, valid frames in frame order
            vx = [float(np.float32(p[d])) for p, m in zip(v['pred'], v['mask'])
                  if m]
            vy = [float(np.float32(g[d])) for g, m in zip(v['gt'], v['mask'])
                  if m]
            x += vx
            y += vy
            if len(vx) >= 2:  # video 'c' (1 frame) is skipped
                per_video.append(loop_ccc(vx, vy))
        assert res[f'va/ccc_{name}'] == pytest.approx(loop_ccc(x, y), 1e-9)
        assert res[f'va/video_ccc_{name}'] == pytest.approx(
            sum(per_video) / len(per_video), 1e-9)
        mse = sum((a - b)**2 for a, b in zip(x, y)) / len(x)
        assert res[f'va/rmse_{name}'] == pytest.approx(mse**0.5, 1e-9)
    assert res['va/ccc_mean'] == pytest.approx(
        (res['va/ccc_arousal'] + res['va/ccc_valence']) / 2)
    assert res['va/video_ccc_mean'] < res['va/ccc_mean']


def test_perfect_constant_negated():
    v = VIDEOS[0]
    res = _evaluate([_sample(v, pred=v['gt'])])
    assert res['va/ccc_mean'] == pytest.approx(1.0)
    assert res['va/rmse_arousal'] == pytest.approx(0.0, abs=1e-6)
    res = _evaluate([_sample(v, pred=np.full_like(v['gt'], 0.2))])
    assert res['va/ccc_arousal'] == 0.0 and res['va/pcc_valence'] == 0.0
    res = _evaluate([_sample(v, pred=-v['gt'])])
    assert res['va/ccc_arousal'] < 0 and res['va/pcc_arousal'] < 0


def test_overlapping_segments_and_duplicates_counted_once():
    v = VIDEOS[0]
    whole = _evaluate([_sample(v)])
    parts = [_sample(v, 0, 70), _sample(v, 50, 120), _sample(v, 50, 120)]
    assert _evaluate(parts) == pytest.approx(whole, rel=1e-12)
    # differing predictions on the overlap are averaged
    shifted = v['pred'] + 0.3
    parts = [_sample(v, 0, 70), _sample(v, 50, 120, pred=shifted)]
    merged = v['pred'].copy()
    merged[50:70] += 0.15
    merged[70:] += 0.3
    assert _evaluate(parts) == pytest.approx(
        _evaluate([_sample(v, pred=merged)]), rel=1e-6)


def test_masked_frames_and_missing_frame_inds():
    v = VIDEOS[1]
    res = _evaluate([_sample(v, with_inds=False)])
    garbage = dict(v, gt=np.where(v['mask'][:, None], v['gt'], 99.0))
    assert _evaluate([_sample(garbage)]) == pytest.approx(res, rel=1e-12)


def test_empty_raises():
    with pytest.raises(ValueError, match='no results'):
        CCCMetric().compute_metrics([])
    v = dict(VIDEOS[1], mask=np.zeros(80, bool))
    with pytest.raises(ValueError, match='no valid'):
        _evaluate([_sample(v)])


def _worker(rank, init_file, out_file, shards, size):
    with gloo_group(rank, 2, init_file=init_file, timeout_s=60):
        torch.set_num_threads(1)
        metric = CCCMetric(collect_dir=f'{out_file}.collect')
        metric.process(None, shards[rank])
        with open(f'{out_file}.{rank}', 'w') as f:
            json.dump(metric.evaluate(size), f)


def test_two_process_gloo_equals_single_process(tmp_path):
    v = VIDEOS[0]
    # 5 samples (overlapping segments of two videos) split like mmengine's
    # DefaultSampler: rank 0 gets 0,2,4; rank 1 gets 1,3 and pads with 0
    samples = [_sample(v, 0, 50), _sample(v, 40, 90), _sample(v, 80, 120),
               _sample(VIDEOS[1], 0, 40), _sample(VIDEOS[1], 30, 80)]
    shards = [[samples[0], samples[2], samples[4]],
              [samples[1], samples[3], samples[0]]]
    out = str(tmp_path / 'metric')
    # fork, not spawn: the children need not re-import mmaction (seconds)
    mp.start_processes(_worker, nprocs=2, start_method='fork',
                       args=(str(tmp_path / 'init'), out, shards, 5))
    results = []
    for rank in range(2):
        with open(f'{out}.{rank}') as f:
            results.append(json.load(f))
    assert results[0] == results[1]
    single = _evaluate(samples)
    assert results[0] == pytest.approx(single, rel=1e-12)
    assert single == pytest.approx(
        _evaluate([_sample(v), _sample(VIDEOS[1])]), rel=1e-12)


class _Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.text = []

    def emit(self, record):
        self.text.append(record.getMessage())


@pytest.fixture
def log_text():
    """Messages the metric logs through mmengine's current logger."""
    logger = MMLogger.get_current_instance()
    handler = _Records()
    logger.addHandler(handler)
    yield handler.text
    logger.removeHandler(handler)


@pytest.mark.parametrize('bad', [np.nan, np.inf])
def test_non_finite_prediction_gives_nan_and_names_the_video(bad, log_text):
    """1 non-finite prediction of 100 used to give ccc_arousal 0.0."""
    clean = _evaluate([_sample(v) for v in VIDEOS])
    pred = VIDEOS[1]['pred'].copy()
    pred[np.flatnonzero(VIDEOS[1]['mask'])[3], 0] = bad   # a labelled frame
    res = _evaluate([_sample(VIDEOS[0]), _sample(VIDEOS[1], pred=pred),
                     _sample(VIDEOS[2])])
    for key in ('ccc_arousal', 'pcc_arousal', 'rmse_arousal', 'ccc_mean',
                'video_ccc_arousal', 'video_ccc_mean'):
        assert math.isnan(res[f'va/{key}']), key
    for key in ('ccc_valence', 'pcc_valence', 'rmse_valence',
                'video_ccc_valence'):
        assert res[f'va/{key}'] == pytest.approx(clean[f'va/{key}'],
                                                 rel=1e-12)
    text = '\n'.join(log_text)
    assert "'b'" in text and 'non-finite' in text and "'a'" not in text


def test_all_nan_predictions_are_nan_not_zero(log_text):
    v = VIDEOS[0]
    res = _evaluate([_sample(v, pred=np.full_like(v['pred'], np.nan))])
    assert all(math.isnan(x) for x in res.values()), res
    assert "'a'" in '\n'.join(log_text)


def test_non_finite_prediction_on_unlabelled_frame_is_ignored():
    v = VIDEOS[1]
    pred = v['pred'].copy()
    pred[np.flatnonzero(~v['mask'])] = np.nan
    assert _evaluate([_sample(v, pred=pred)]) == pytest.approx(
        _evaluate([_sample(v)]), rel=1e-12)


def test_non_finite_prediction_can_be_an_error():
    v = VIDEOS[1]
    pred = v['pred'].copy()
    pred[np.flatnonzero(v['mask'])[:2], 1] = np.nan
    with pytest.raises(ValueError, match=r"'b': 2 labelled frame"):
        _evaluate([_sample(v, pred=pred)], nonfinite='error')
    with pytest.raises(ValueError, match='nonfinite'):
        CCCMetric(nonfinite='ignore')


def test_nan_score_never_becomes_the_best_checkpoint(tmp_path):
    """mmengine's CheckpointHook compares with > / <: NaN is never better,
    so a diverged model can never replace (or become) the best checkpoint."""
    from mmengine.fileio import get_file_backend
    from mmengine.hooks import CheckpointHook
    from mmengine.logging import MessageHub

    v = VIDEOS[0]
    nan_res = _evaluate([_sample(v, pred=np.full_like(v['pred'], np.nan))])
    good_res = _evaluate([_sample(v)])
    saved = []
    runner = types.SimpleNamespace(
        epoch=0, iter=0, logger=MMLogger.get_current_instance(),
        message_hub=MessageHub.get_instance('ccc_best_test'),
        save_checkpoint=lambda *a, **k: saved.append(k['filename']))
    for key, rule in (('va/ccc_mean', 'greater'), ('va/rmse_arousal', 'less')):
        hook = CheckpointHook(interval=1, by_epoch=False, save_best=key,
                              rule=rule)
        hook.out_dir, hook.file_backend = str(tmp_path), get_file_backend(
            str(tmp_path))
        runner.message_hub.runtime_info.pop('best_score', None)
        saved.clear()
        runner.iter = 1
        hook._save_best_checkpoint(runner, nan_res)   # first score is NaN
        assert saved == []
        runner.iter = 2
        hook._save_best_checkpoint(runner, good_res)
        runner.iter = 3
        hook._save_best_checkpoint(runner, nan_res)   # diverged later
        assert saved == [f'best_{key.replace("/", "_")}_iter_2.pth']
        assert runner.message_hub.get_info('best_score') == good_res[key]


def test_padded_copies_of_a_frame_do_not_reach_the_metric():
    """A video shorter than its labels: SampleVASegment repeats the last
    frame index (masked) for the missing frames; those predictions must not
    be averaged into the last real frame."""
    v = dict(VIDEOS[1], mask=np.ones(80, bool))
    real = _sample(v, 0, 70)
    padded = dict(real)
    pad = 10
    padded['pred_va'] = torch.cat([real['pred_va'],
                                   torch.full((pad, 2), 5.0)])
    padded['gt_va'] = torch.cat([real['gt_va'], real['gt_va'][-1:].repeat(
        pad, 1)])
    padded['frame_mask'] = torch.cat([real['frame_mask'],
                                      torch.zeros(pad, dtype=torch.bool)])
    padded['frame_inds'] = torch.cat([real['frame_inds'],
                                      torch.full((pad, ), 69)])
    assert _evaluate([padded]) == pytest.approx(_evaluate([real]), rel=1e-12)


def test_two_process_gloo_non_finite_is_nan_on_every_rank(tmp_path):
    """A NaN on one rank's shard reaches rank 0's compute and every rank
    gets the same NaN (broadcast), with the other dimension unchanged."""
    v = VIDEOS[0]
    pred = v['pred'].copy()
    pred[np.flatnonzero(v['mask'])[-1], 1] = np.nan   # valence, rank 1
    samples = [_sample(v, 0, 60), _sample(v, 50, 120, pred=pred),
               _sample(VIDEOS[1])]
    shards = [[samples[0], samples[2]], [samples[1], samples[0]]]
    out = str(tmp_path / 'metric')
    mp.start_processes(_worker, nprocs=2, start_method='fork',
                       args=(str(tmp_path / 'init'), out, shards, 3))
    results = []
    for rank in range(2):
        with open(f'{out}.{rank}') as f:
            results.append(json.load(f))
    single = _evaluate(samples)
    for res in results:
        assert set(res) == set(single)
        for key, value in single.items():
            if 'valence' in key or key.endswith('_mean'):
                assert math.isnan(res[key]) and math.isnan(value), key
            else:
                assert res[key] == pytest.approx(value, rel=1e-12), key
