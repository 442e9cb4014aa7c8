import numpy as np
import pytest

from mmaction_vaerr.visualization.trajectory_plot import (
    figure_to_rgb, save_va_trajectory_plot, va_trajectory_figure)


def _data(n=50):
    t = np.arange(n) / 25.0
    pred = np.stack([np.sin(t), np.cos(t)], 1) * 0.5
    return t, pred


def test_gaps_shaded_and_not_drawn():
    t, pred = _data()
    valid = np.ones(len(t), bool)
    valid[10:15] = valid[30:32] = False
    fig = va_trajectory_figure(t, pred, valid=valid)
    ax = fig.axes[0]
    assert len(ax.patches) == 2  # one shaded span per gap
    line = [ln for ln in ax.lines if ln.get_label() == 'predicted'][0]
    y = line.get_ydata()
    assert np.isnan(y[10:15]).all() and np.isfinite(y[:10]).all()


def test_ground_truth_line_and_rgb():
    t, pred = _data()
    gt_valid = np.ones(len(t), bool)
    gt_valid[:5] = False
    fig = va_trajectory_figure(t, pred, gt=pred[::-1], gt_valid=gt_valid,
                               title='x', width=6, dpi=50)
    labels = [ln.get_label() for ln in fig.axes[1].lines]
    assert 'true' in labels and 'predicted' in labels
    true = [ln for ln in fig.axes[1].lines if ln.get_label() == 'true'][0]
    assert np.isnan(true.get_ydata()[:5]).all()
    img = figure_to_rgb(fig)
    assert img.shape == (210, 300, 3) and img.dtype == np.uint8


def test_no_face_at_all(tmp_path):
    t, pred = _data(20)
    path = save_va_trajectory_plot(str(tmp_path / 'p.png'), t,
                                   np.full_like(pred, np.nan),
                                   valid=np.zeros(20, bool))
    assert (tmp_path / 'p.png').stat().st_size > 1000
    assert path.endswith('p.png')


def test_bad_shape():
    with pytest.raises(ValueError, match='pred'):
        va_trajectory_figure(np.arange(5), np.zeros((4, 2)))
