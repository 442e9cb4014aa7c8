"""ClipRandomZoom: one similarity per clip, centred on the test framing."""
import math
import random

import numpy as np
import pytest

from mmaction.registry import TRANSFORMS
from mmaction_vaerr.datasets.transforms import ClipRandomZoom


def _dot_clip(t=4, size=96):
    """A bright 3x3 dot at a known spot of every frame, (H, W, 1) uint8."""
    frame = np.zeros((size, size, 1), np.uint8)
    frame[59:62, 71:74] = 255        # centre (72, 60)
    return [frame.copy() for _ in range(t)]


def _centroid(img):
    ys, xs = np.nonzero(img[..., 0] > 127)
    return xs.mean(), ys.mean()


def test_identity_when_the_ranges_are_one():
    t = ClipRandomZoom(zoom=(1, 1), aspect=(1, 1), shift=0)
    clip = _dot_clip()
    out = t(dict(imgs=[f.copy() for f in clip]))
    for a, b in zip(out['imgs'], clip):
        np.testing.assert_array_equal(a, b)
    assert out['imgs'][0].shape == (96, 96, 1)


@pytest.mark.parametrize('z', [0.8, 1.25])
def test_a_point_moves_by_the_zoom_about_the_centre(z):
    t = ClipRandomZoom(zoom=(z, z), aspect=(1, 1), shift=0)
    out = t(dict(imgs=_dot_clip()))
    c = 95 / 2
    want = (c + z * (72 - c), c + z * (60 - c))
    for img in out['imgs']:            # the same warp on every frame
        np.testing.assert_allclose(_centroid(img), want, atol=0.3)
    assert out['zoom_params'][0] == pytest.approx(z)


def test_draws_are_centred_on_the_input_framing():
    random.seed(0)
    t = ClipRandomZoom(zoom=(0.9, 1.1), aspect=(0.95, 1.05), shift=0.05)
    zs, shifts = [], []
    for _ in range(400):
        _, (z, a, dx, dy) = t.matrix(96, 96)
        assert 0.9 <= z <= 1.1 and 0.95 <= a <= 1.05
        assert abs(dx) <= 4.8 and abs(dy) <= 4.8
        zs.append(math.log(z))
        shifts.append(dx)
    # log-uniform on a symmetric range: zooming in as often as out
    assert abs(np.mean(zs)) < 0.01 and abs(np.mean(shifts)) < 0.3
    assert min(zs) < math.log(0.92) and max(zs) > math.log(1.08)


def test_zoom_out_borders_are_filled_and_config_errors_are_clear():
    frame = np.full((32, 32), 200, np.uint8)
    out = ClipRandomZoom(zoom=(0.5, 0.5), aspect=(1, 1), shift=0)(
        dict(imgs=[frame]))
    assert out['imgs'][0].shape == (32, 32)
    assert (out['imgs'][0] == 200).all()        # replicated, not black
    with pytest.raises(ValueError, match='zoom'):
        ClipRandomZoom(zoom=(1.1, 0.9))
    with pytest.raises(ValueError, match='shift'):
        ClipRandomZoom(shift=0.5)
    with pytest.raises(ValueError, match='border'):
        ClipRandomZoom(border='black')
    with pytest.raises(KeyError):
        ClipRandomZoom()(dict())


def test_registered_with_a_repr():
    t = TRANSFORMS.build(dict(type='ClipRandomZoom', zoom=(0.9, 1.1)))
    assert isinstance(t, ClipRandomZoom)
    assert repr(t) == ("ClipRandomZoom(zoom=(0.9, 1.1), aspect=(0.95, 1.05), "
                       "shift=0.05, border='replicate')")
