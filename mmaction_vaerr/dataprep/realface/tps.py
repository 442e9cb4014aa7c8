"""Thin-plate-spline image warp: a second, smooth animation method.

The piecewise-affine warp (:mod:`.warp`) moves each triangle of a mesh
rigidly, so its deformation is continuous but its derivative jumps at the
triangle edges. A thin-plate spline (Bookstein, "Principal warps: thin-plate
splines and the decomposition of deformations", IEEE TPAMI 1989) moves the
same control points with the smoothest interpolating map instead (minimum
bending energy), which is how many landmark-driven face animation and
morphing systems deform a face. The two give the same landmark motion and a
different texture flow between the landmarks, so a model trained on one and
tested on the other shows whether it learnt the expression or the warp.

The map goes backwards, from output pixel to source pixel (what
``cv2.remap`` needs): with control points ``c_i`` = the output points and
values ``s_i`` = the source points,

    f(p) = a_0 + A p + sum_i w_i U(|p - c_i|),   U(r) = r^2 log r^2,

where ``[K + lambda I, P; P^T, 0] [w; a] = [s; 0]``, ``K_ij = U(|c_i -
c_j|)`` and ``P = [1, c]`` (Bookstein 1989, eq. 3-5; ``lambda`` is a small
smoothing term that keeps the system well conditioned when two control
points nearly meet). ``f`` is evaluated on a coarse grid and upsampled
bilinearly (the map is smooth), so the cost per frame is small.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Tuple

import numpy as np


def _kernel(d2: np.ndarray) -> np.ndarray:
    """``U = r^2 log r^2`` from squared distances (0 at r = 0)."""
    with np.errstate(divide='ignore', invalid='ignore'):
        u = d2 * np.log(d2)
    u[d2 <= 0] = 0.0
    return u


def tps_fit(ctrl: np.ndarray, values: np.ndarray,
            smooth: float = 1e-3) -> Tuple[np.ndarray, np.ndarray]:
    """Thin-plate-spline coefficients mapping ``ctrl`` onto ``values``.

    Args:
        ctrl: (N, 2) control points (where the map is pinned).
        values: (N, 2) the map's value at each control point.
        smooth: ridge term ``lambda`` in units of the mean squared control
            distance (0 = exact interpolation).

    Returns:
        ``(w, a)``: (N, 2) kernel weights and (3, 2) affine part.
    """
    c = np.asarray(ctrl, np.float64)
    v = np.asarray(values, np.float64)
    n = len(c)
    d2 = ((c[:, None] - c[None]) ** 2).sum(-1)
    k = _kernel(d2)
    k[np.diag_indices(n)] += smooth * d2.mean()
    p = np.concatenate([np.ones((n, 1)), c], axis=1)
    a = np.zeros((n + 3, n + 3))
    a[:n, :n], a[:n, n:], a[n:, :n] = k, p, p.T
    rhs = np.concatenate([v, np.zeros((3, 2))])
    sol = np.linalg.lstsq(a, rhs, rcond=None)[0]
    return sol[:n], sol[n:]


def tps_eval(ctrl: np.ndarray, w: np.ndarray, a: np.ndarray,
             pts: np.ndarray) -> np.ndarray:
    """Evaluate the fitted spline at ``pts`` (M, 2) -> (M, 2).

    Written with element-wise operations and ``einsum`` rather than BLAS
    products: the products are thin (N ~ 100), and a threaded BLAS in each
    of the generator's worker processes made one frame 20x slower on 2
    cores (300 ms instead of 13).
    """
    c = np.asarray(ctrl, np.float64)
    p = np.asarray(pts, np.float64)
    d2 = (np.subtract.outer(p[:, 0], c[:, 0]) ** 2 +
          np.subtract.outer(p[:, 1], c[:, 1]) ** 2)
    u = _kernel(d2)
    return (a[0] + p[:, :1] * a[1] + p[:, 1:] * a[2] +
            np.einsum('mn,nk->mk', u, w, optimize=False))


def _nodes(n: int, step: int) -> int:
    return (n - 1 + step - 1) // step + 1


@lru_cache(maxsize=8)
def _coarse_grid(h: int, w: int, step: int) -> np.ndarray:
    """Grid nodes every ``step`` pixels from 0, covering the last pixel."""
    gx, gy = np.meshgrid(np.arange(_nodes(w, step)) * float(step),
                         np.arange(_nodes(h, step)) * float(step))
    return np.stack([gx.ravel(), gy.ravel()], axis=1)


@lru_cache(maxsize=8)
def _lerp_table(n: int, step: int) -> Tuple[np.ndarray, np.ndarray]:
    """Lower node index and weight of each pixel for linear upsampling."""
    pos = np.arange(n) / step
    i0 = np.minimum(np.floor(pos).astype(np.int64), _nodes(n, step) - 2)
    return i0, (pos - i0).astype(np.float64)


def tps_warp_maps(src: np.ndarray, dst: np.ndarray, size: Tuple[int, int],
                  step: int = 2,
                  smooth: float = 1e-3) -> Tuple[np.ndarray, np.ndarray]:
    """Remap tables taking output pixels to the source (thin-plate spline).

    Args:
        src: (N, 2) control points in the source image (x, y).
        dst: (N, 2) the same points in the output image.
        size: output (H, W).
        step: spacing in pixels of the grid the spline is evaluated on
            before bilinear upsampling (done in float64 here: OpenCV's own
            bilinear remap rounds positions to 1/32 of a cell).
        smooth: see :func:`tps_fit`.

    Returns:
        ``map_x, map_y`` (H, W) float32 for ``cv2.remap``.
    """
    h, w = size
    wts, aff = tps_fit(dst, src, smooth)
    gh, gw = _nodes(h, step), _nodes(w, step)
    vals = tps_eval(dst, wts, aff, _coarse_grid(h, w, step)).reshape(
        gh, gw, 2)
    y0, fy = _lerp_table(h, step)
    x0, fx = _lerp_table(w, step)
    rows = (vals[y0] * (1 - fy)[:, None, None] +
            vals[y0 + 1] * fy[:, None, None])            # (H, gw, 2)
    out = (rows[:, x0] * (1 - fx)[None, :, None] +
           rows[:, x0 + 1] * fx[None, :, None])          # (H, W, 2)
    out = out.astype(np.float32)
    return np.ascontiguousarray(out[..., 0]), np.ascontiguousarray(out[..., 1])
