"""Piecewise-affine image warp over a fixed triangulation of control points.

The classic landmark-driven warp of face morphing and active appearance
models (Beier & Neely, "Feature-based image metamorphosis", SIGGRAPH 1992;
Cootes, Edwards & Taylor, "Active Appearance Models", ECCV 1998): the plane
is cut into triangles over the control points, and each triangle of the
output is filled from its counterpart in the source by the affine map that
takes one onto the other. Here the output triangles are rasterised into a
triangle-index image (``cv2.fillConvexPoly``), every output pixel is mapped
to the source by its triangle's affine matrix, and the image is resampled
once with ``cv2.remap`` (bilinear), so the cost is one pass over the pixels
whatever the number of triangles.

The triangulation is a Delaunay triangulation (``scipy.spatial.Delaunay``)
of a template point set; the same triangles are used for every face and
frame, so points keep their neighbours as they move.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Tuple

import cv2
import numpy as np
from scipy.spatial import Delaunay


def triangulate(points: np.ndarray) -> np.ndarray:
    """Delaunay triangles ``(K, 3)`` int32 of template ``points`` (N, 2)."""
    return Delaunay(np.asarray(points, np.float64)).simplices.astype(np.int32)


def _affines(src: np.ndarray, dst: np.ndarray,
             tris: np.ndarray) -> np.ndarray:
    """(K, 2, 3) matrices taking each ``dst`` triangle onto its ``src``."""
    d = dst[tris]                                   # (K, 3, 2)
    s = src[tris]
    ones = np.ones((len(tris), 3, 1))
    a = np.concatenate([d, ones], axis=2)           # (K, 3, 3)
    # tiny regularisation: a collapsed output triangle covers no pixel
    det = np.linalg.det(a)
    bad = np.abs(det) < 1e-9
    a[bad] += np.eye(3) * 1e-6
    return np.transpose(np.linalg.solve(a, s), (0, 2, 1))  # (K, 2, 3)


@lru_cache(maxsize=8)
def _grid(h: int, w: int) -> Tuple[np.ndarray, np.ndarray]:
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    return xs, ys


def warp_maps(src: np.ndarray, dst: np.ndarray, tris: np.ndarray,
              size: Tuple[int, int]) -> Tuple[np.ndarray, np.ndarray]:
    """Remap tables for an output of ``size`` = (H, W).

    Args:
        src: (N, 2) control points in the source image (x, y).
        dst: (N, 2) the same points in the output image.
        tris: (K, 3) triangles over the points.
        size: output height and width.

    Returns:
        ``map_x, map_y`` (H, W) float32 for ``cv2.remap``. Pixels outside
        every output triangle map to themselves.
    """
    h, w = size
    src = np.asarray(src, np.float64)
    dst = np.asarray(dst, np.float64)
    index = np.zeros((h, w), np.int32)
    # draw in order; triangle k is stored as k + 1 (0 = outside)
    pts = np.round(dst * 16).astype(np.int32)
    for k, tri in enumerate(tris):
        cv2.fillConvexPoly(index, pts[tri], k + 1, cv2.LINE_8, shift=4)
    mats = np.concatenate([np.eye(2, 3)[None], _affines(src, dst, tris)])
    m = mats.reshape(-1, 6).astype(np.float32)[index]   # (H, W, 6)
    xs, ys = _grid(h, w)
    map_x = m[..., 0] * xs + m[..., 1] * ys + m[..., 2]
    map_y = m[..., 3] * xs + m[..., 4] * ys + m[..., 5]
    return map_x, map_y


def piecewise_affine_warp(image: np.ndarray, src: np.ndarray,
                          dst: np.ndarray, tris: np.ndarray,
                          size: Tuple[int, int] = None) -> np.ndarray:
    """Warp ``image`` so that its points ``src`` land on ``dst``.

    Args:
        image: (H, W) or (H, W, C) uint8 source.
        src: (N, 2) control points in ``image``.
        dst: (N, 2) where they go in the output.
        tris: (K, 3) triangles (see :func:`triangulate`).
        size: output (H, W); default the source size.
    """
    size = image.shape[:2] if size is None else size
    mx, my = warp_maps(src, dst, tris, size)
    return cv2.remap(image, mx, my, cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_REPLICATE)
