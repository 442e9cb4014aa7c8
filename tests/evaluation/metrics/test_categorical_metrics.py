"""Expr / AU / UAR-WAR metrics against scikit-learn on random labels."""
import numpy as np
import pytest
from sklearn.metrics import (accuracy_score, balanced_accuracy_score,
                             f1_score)

from mmaction_vaerr.evaluation.metrics import (AUMetric, ExprMetric,
                                               UARWARMetric)
from mmaction_vaerr.testing.samples import (NUM_AU, NUM_EXPR, au_samples,
                                            clip_samples, expr_samples)

K, A = NUM_EXPR, NUM_AU


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


@pytest.mark.parametrize('seed', [0, 1])
def test_uar_war_match_sklearn(seed):
    samples = clip_samples(seed, unlabelled=0.25)
    res = run(UARWARMetric(class_names=list('abcdef')), samples)
    gt = np.array([int(s.gt_label) for s in samples])
    pred = np.array([int(s.pred_score.argmax()) for s in samples])
    keep = gt >= 0
    assert 0 < (~keep).sum() < len(gt)          # missing labels present
    assert res['uar'] == pytest.approx(
        balanced_accuracy_score(gt[keep], pred[keep]))
    assert res['war'] == pytest.approx(accuracy_score(gt[keep], pred[keep]))
    assert res['num_clips'] == keep.sum()
    assert res['num_unlabelled'] == (~keep).sum()
    assert np.isnan(res['recall_f'])


def test_uar_war_refuses_all_unlabelled_and_bad_ids():
    samples = clip_samples(0, n=4, unlabelled=1.0)
    with pytest.raises(ValueError, match='no labelled clip'):
        run(UARWARMetric(class_names=list('abcdef')), samples)
    samples = clip_samples(0, n=4)
    samples[0].set_gt_label(7)
    with pytest.raises(ValueError, match=r'\[0, 6\)'):
        run(UARWARMetric(class_names=list('abcdef')), samples)


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
