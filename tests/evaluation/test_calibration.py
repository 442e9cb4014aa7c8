"""The validation-fitted affine output calibration (known answers)."""
import numpy as np
import pytest

from mmaction_vaerr.evaluation.calibration import (VACalibration,
                                                   fit_va_calibration)
from mmaction_vaerr.testing.reference import loop_ccc


def _samples(pred, gt, mask=None, per=100):
    n = len(gt)
    mask = np.ones(n, bool) if mask is None else mask
    return [dict(video_id=f'v{i}', pred_va=pred[i:i + per],
                 gt_va=gt[i:i + per], frame_mask=mask[i:i + per])
            for i in range(0, n, per)]


def test_an_affine_distortion_is_undone():
    rng = np.random.default_rng(0)
    gt = rng.uniform(-1, 1, (400, 2))
    pred = gt * [1.5, 0.5] + [-0.2, 0.3]
    cal = fit_va_calibration(_samples(pred, gt))
    np.testing.assert_allclose(cal.scale, [1 / 1.5, 2.0])
    np.testing.assert_allclose(cal.shift, [0.2 / 1.5, -0.6], atol=1e-12)
    np.testing.assert_allclose(cal.apply(pred), gt, atol=1e-12)
    assert cal.stats['frames'] == 400 and cal.stats['videos'] == 4


def test_moment_matching_is_the_ccc_optimal_affine_map():
    rng = np.random.default_rng(1)
    gt = rng.normal(0.1, 0.5, (600, 1))
    pred = 1.6 * (0.7 * gt + 0.3 * rng.normal(0, 0.5, gt.shape)) - 0.3
    cal = fit_va_calibration(_samples(np.hstack([pred, pred]),
                                      np.hstack([gt, gt])))
    best = loop_ccc(cal.apply(np.hstack([pred, pred]))[:, 0], gt[:, 0])
    assert best > loop_ccc(pred[:, 0], gt[:, 0]) + 0.05
    for b in np.linspace(0.3, 1.5, 13):            # any other affine map
        for a in np.linspace(-0.5, 0.8, 14):
            assert loop_ccc(a + b * pred[:, 0], gt[:, 0]) <= best + 1e-9


def test_invalid_and_non_finite_frames_are_left_out():
    rng = np.random.default_rng(2)
    gt = rng.uniform(-1, 1, (300, 2))
    pred = 0.5 * gt
    mask = np.ones(300, bool)
    mask[::3] = False
    pred_bad, gt_bad = pred.copy(), gt.copy()
    pred_bad[~mask] = 50.0                   # would dominate the moments
    pred_bad[1] = np.nan
    cal = fit_va_calibration(_samples(pred_bad, gt_bad, mask))
    np.testing.assert_allclose(cal.scale, [2.0, 2.0])
    assert cal.stats['frames'] == mask.sum() - 1


def test_refuses_too_few_frames_and_constant_predictions():
    gt = np.random.default_rng(3).uniform(-1, 1, (60, 2))
    with pytest.raises(ValueError, match='at least 50 valid frames'):
        fit_va_calibration(_samples(gt, gt, np.arange(60) < 49))
    const = gt.copy()
    const[:, 1] = 0.2
    with pytest.raises(ValueError, match='valence: constant predictions'):
        fit_va_calibration(_samples(const, gt))


def test_scale_is_bounded():
    gt = np.random.default_rng(4).uniform(-1, 1, (200, 2))
    cal = fit_va_calibration(_samples(gt * 0.01, gt), max_scale=4.0)
    assert cal.scale == [4.0, 4.0]
    assert isinstance(VACalibration(**cal.to_dict()), VACalibration)
