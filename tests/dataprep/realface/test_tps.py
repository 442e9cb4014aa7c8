"""The thin-plate-spline warp: known answers, and a real face rendered by
both animation methods."""
import numpy as np
import pytest

from mmaction_vaerr.dataprep.realface import plan_dataset, render_state
from mmaction_vaerr.dataprep.realface.clip import animate
from mmaction_vaerr.dataprep.realface.mesh import (all_points, border_points,
                                                   template_triangles)
from mmaction_vaerr.dataprep.realface.subjects import subject_texture
from mmaction_vaerr.dataprep.realface.texture import Canvas
from mmaction_vaerr.dataprep.realface.tps import (tps_eval, tps_fit,
                                                  tps_warp_maps)
from mmaction_vaerr.dataprep.realface.warp import warp_maps


def _points(n=40, seed=0, size=160):
    return np.random.default_rng(seed).uniform(5, size - 5, (n, 2))


def test_affine_motion_is_reproduced_exactly():
    """A spline through affinely moved points is that affine map: its
    bending part vanishes (Bookstein 1989), ridge or not."""
    dst = _points()
    m = np.array([[0.9, 0.1, 4.0], [-0.05, 1.1, -3.0]])
    src = dst @ m[:, :2].T + m[:, 2]
    mx, my = tps_warp_maps(src, dst, (160, 160))
    ys, xs = np.mgrid[0:160, 0:160].astype(np.float64)
    assert np.abs(mx - (m[0, 0] * xs + m[0, 1] * ys + m[0, 2])).max() < 1e-3
    assert np.abs(my - (m[1, 0] * xs + m[1, 1] * ys + m[1, 2])).max() < 1e-3


def test_interpolates_control_points():
    dst = _points(seed=1)
    src = dst + np.random.default_rng(2).normal(0, 3, dst.shape)
    w, a = tps_fit(dst, src, smooth=0.0)
    assert np.abs(tps_eval(dst, w, a, dst) - src).max() < 1e-6
    # the remap tables equal the spline on the grid nodes (every 2nd
    # pixel) and interpolate it between them
    mx, my = tps_warp_maps(src, dst, (161, 160), step=2, smooth=0.0)
    ys, xs = np.mgrid[0:161:2, 0:160:2]
    nodes = np.stack([xs.ravel(), ys.ravel()], 1).astype(np.float64)
    exact = tps_eval(dst, w, a, nodes)
    got = np.stack([mx[ys, xs].ravel(), my[ys, xs].ravel()], 1)
    assert np.abs(got - exact).max() < 1e-3
    assert mx.shape == (161, 160) and np.isfinite(mx).all()


def _maps(spec, warp):
    canvas = Canvas()
    tex = subject_texture(spec, 0, canvas)
    zero = np.zeros(1, np.float32)
    _, heads = animate(tex, np.array([[1.0, 1.0]], np.float32), zero, zero,
                       None, 25.0, canvas, pose=False)
    size = tex.image.shape[0]
    src = all_points(tex.src, size)
    dst = np.concatenate([heads[0], border_points(size)])
    if warp == 'tps':
        return tps_warp_maps(src, dst, (size, size)), dst
    return warp_maps(src, dst, template_triangles(), (size, size)), dst


def test_real_face_same_points_smoother_flow(realface_photos,
                                             realface_cache):
    """On a real face at a broad smile with the mouth open, both methods
    take every control point to the same source point; between the points
    the spline bends smoothly where the mesh has creases at triangle
    edges (the largest second difference of the map is much smaller)."""
    spec = plan_dataset(1, seed=0, splits=dict(train=1),
                        photo_dir=realface_photos, clip_dir='',
                        cache_dir=realface_cache)[0]
    (ax, ay), dst = _maps(spec, 'affine')
    (tx, ty), _ = _maps(spec, 'tps')
    inside = np.round(dst[:68]).astype(int)
    for a, t in ((ax, tx), (ay, ty)):
        assert np.abs(a[inside[:, 1], inside[:, 0]] -
                      t[inside[:, 1], inside[:, 0]]).max() < 1.0
    # second differences inside the face box (rows and columns)
    x0, y0 = inside.min(0)
    x1, y1 = inside.max(0)

    def crease(m):
        f = m[y0:y1, x0:x1].astype(np.float64)
        return max(np.abs(np.diff(f, 2, axis=0)).max(),
                   np.abs(np.diff(f, 2, axis=1)).max())

    assert crease(tx) < 0.5 * crease(ax), (crease(tx), crease(ax))
    assert crease(ty) < 0.5 * crease(ay), (crease(ty), crease(ay))
    # and the rendered faces differ, but modestly (same expression)
    x = render_state(spec, 1.0, 1.0).astype(np.float64)
    y = render_state(spec, 1.0, 1.0, warp='tps').astype(np.float64)
    assert 0.3 < np.abs(x - y).mean() < 12.0
    with pytest.raises(ValueError, match='warp must be one of'):
        render_state(spec, 0.0, 0.0, warp='mesh')
