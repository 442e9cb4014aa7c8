"""Expr / AU / UAR-WAR metrics against scikit-learn on random labels."""
import numpy as np
import pytest
import torch
from sklearn.metrics import (accuracy_score, balanced_accuracy_score,
                             f1_score)

from mmaction.structures import ActionDataSample
from mmaction_vaerr.evaluation.metrics import (AUMetric, ExprMetric,
                                               UARWARMetric)

K, A = 8, 12


def expr_samples(seed, n_videos=5):
    """Videos with random scores, labels (-1 unlabelled) and masks."""
    rng = np.random.default_rng(seed)
    out = []
    for v in range(n_videos):
        t = int(rng.integers(20, 60))
        gt = rng.integers(0, K, t)
        gt[rng.random(t) < 0.2] = -1
        mask = rng.random(t) > 0.1
        out.append(dict(video_id=f'v{v}', pred_expr=rng.random((t, K)),
                        gt_expr=gt, frame_mask=mask, frame_inds=np.arange(t)))
    return out


def au_samples(seed, n_videos=5):
    rng = np.random.default_rng(seed)
    out = []
    for v in range(n_videos):
        t = int(rng.integers(20, 60))
        gt = (rng.random((t, A)) < 0.3).astype(np.int64)
        gt[rng.random((t, A)) < 0.15] = -1      # AUs missing one by one
        gt[rng.random(t) < 0.1] = -1           # whole frames unlabelled
        out.append(dict(video_id=f'v{v}', pred_au=rng.random((t, A)),
                        gt_au=gt, frame_mask=rng.random(t) > 0.1))
    return out


def run(metric, samples):
    metric.process(None, samples)
    return metric.compute_metrics(metric.results)


@pytest.mark.parametrize('seed', [0, 1, 2])
def test_expr_matches_sklearn(seed):
    samples = expr_samples(seed)
    res = run(ExprMetric(), samples)
    gt = np.concatenate([s['gt_expr'] for s in samples])
    pred = np.concatenate([s['pred_expr'] for s in samples]).argmax(1)
    ok = np.concatenate([s['frame_mask'] for s in samples]) & (gt >= 0)
    ref = f1_score(gt[ok], pred[ok], labels=range(K), average='macro',
                   zero_division=0)
    assert res['f1_macro'] == pytest.approx(ref, abs=1e-12)
    assert res['accuracy'] == pytest.approx(accuracy_score(gt[ok], pred[ok]))
    per = f1_score(gt[ok], pred[ok], labels=range(K), average=None,
                   zero_division=0)
    assert res['f1_happiness'] == pytest.approx(per[4])
    assert res['num_frames'] == ok.sum()


def test_expr_absent_class_scores_zero():
    gt = np.array([0, 0, 1, 1])
    s = dict(video_id='a', pred_expr=np.eye(K)[[0, 0, 1, 0]], gt_expr=gt)
    res = run(ExprMetric(), [s])
    ref = f1_score(gt, [0, 0, 1, 0], labels=range(K), average='macro',
                   zero_division=0)
    assert res['f1_macro'] == pytest.approx(ref)
    assert res['f1_macro'] < 0.25     # six classes never seen count as 0


def test_expr_repeated_frames_count_once():
    samples = expr_samples(4, n_videos=2)
    once = run(ExprMetric(), samples)
    twice = run(ExprMetric(), samples + [dict(samples[0])])
    assert once == twice


@pytest.mark.parametrize('seed', [0, 1, 2])
def test_au_matches_sklearn(seed):
    samples = au_samples(seed)
    res = run(AUMetric(), samples)
    gt = np.concatenate([s['gt_au'] for s in samples])
    pred = np.concatenate([s['pred_au'] for s in samples]) >= 0.5
    mask = np.concatenate([s['frame_mask'] for s in samples])
    refs = []
    for a in range(A):
        ok = mask & (gt[:, a] >= 0)
        refs.append(f1_score(gt[ok, a], pred[ok, a], zero_division=0))
    assert res['f1_macro'] == pytest.approx(np.mean(refs), abs=1e-12)
    assert res['f1_AU12'] == pytest.approx(refs[6])
    assert res['num_aus'] == A


def test_au_never_labelled_au_is_left_out():
    """The synthetic set writes -1 for the 5 AUs it cannot draw."""
    samples = au_samples(3)
    for s in samples:
        s['gt_au'][:, 3] = -1
    res = run(AUMetric(), samples)
    gt = np.concatenate([s['gt_au'] for s in samples])
    pred = np.concatenate([s['pred_au'] for s in samples]) >= 0.5
    mask = np.concatenate([s['frame_mask'] for s in samples])
    refs = [f1_score(gt[mask & (gt[:, a] >= 0), a],
                     pred[mask & (gt[:, a] >= 0), a], zero_division=0)
            for a in range(A) if a != 3]
    assert res['f1_macro'] == pytest.approx(np.mean(refs), abs=1e-12)
    assert np.isnan(res['f1_AU6']) and res['num_aus'] == A - 1


def clip_samples(seed, n=40, k=6):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        ds = ActionDataSample()
        ds.set_gt_label(int(rng.integers(0, k - 1)))   # last class unseen
        ds.set_pred_score(torch.from_numpy(rng.random(k)).float())
        out.append(ds)
    return out


@pytest.mark.parametrize('seed', [0, 1])
def test_uar_war_match_sklearn(seed):
    samples = clip_samples(seed)
    res = run(UARWARMetric(class_names=list('abcdef')), samples)
    gt = [int(s.gt_label) for s in samples]
    pred = [int(s.pred_score.argmax()) for s in samples]
    assert res['uar'] == pytest.approx(balanced_accuracy_score(gt, pred))
    assert res['war'] == pytest.approx(accuracy_score(gt, pred))
    assert np.isnan(res['recall_f'])


def test_errors_name_the_problem():
    with pytest.raises(KeyError, match='ExprMetric.*gt_expr'):
        ExprMetric().process(None, [dict(video_id='a', pred_expr=np.ones(
            (3, K)))])
    with pytest.raises(ValueError, match='no labelled frame'):
        run(ExprMetric(), [dict(video_id='a', pred_expr=np.ones((3, K)),
                                gt_expr=-np.ones(3, int))])
    with pytest.raises(ValueError, match=r'\(T, 12\)'):
        AUMetric().process(None, [dict(video_id='a', pred_au=np.ones((3, 5)),
                                       gt_au=np.ones((3, 5)))])
