"""Control points of the face warp: 68 landmarks + cheeks, a head ring and
the canvas border, with a rough depth per point for small head rotations.

Point order: the 68 iBUG landmarks, 2 cheek points, 17 + 10 ring points
(outside the jaw line and above the brows: forehead and hair move with the
head), then 12 border points of the canvas, which stay fixed (background).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from ...preprocessing.alignment import MEAN_FACE_68
from .warp import triangulate

NUM_LANDMARKS = 68
CHEEKS = np.array([68, 69])
RING = np.arange(70, 97)
NUM_HEAD_POINTS = 97          # everything but the border moves with the head
NUM_BORDER = 12
INNER_UPPER = np.array([61, 62, 63])
INNER_LOWER = np.array([67, 66, 65])


def head_points(lm: np.ndarray) -> np.ndarray:
    """(97, 2) head control points from (68, 2) landmarks.

    Lengths are relative to the outer-eye-corner distance, so the points
    sit at the same place on every face.
    """
    lm = np.asarray(lm, np.float64)
    d = np.linalg.norm(lm[45] - lm[36])
    up = lm[27] - lm[8]
    up = up / max(np.linalg.norm(up), 1e-6)
    centre = lm[[0, 16, 8, 27]].mean(0)
    # cheeks: between the jaw (2, 14) and the nose wings (31, 35), raised
    cheeks = np.stack([0.5 * (lm[2] + lm[31]), 0.5 * (lm[14] + lm[35])]) \
        + 0.12 * d * up
    jaw_ring = centre + 1.28 * (lm[:17] - centre)
    brow_ring = lm[17:27] + 0.55 * d * up
    return np.concatenate([lm, cheeks, jaw_ring, brow_ring])


def border_points(size: int) -> np.ndarray:
    """(12, 2) points on the edge of a ``size`` canvas."""
    s = float(size - 1)
    t = np.array([0.0, 1 / 3, 2 / 3]) * s
    top = np.stack([t, np.zeros(3)], 1)
    right = np.stack([np.full(3, s), t], 1)
    bottom = np.stack([s - t, np.full(3, s)], 1)
    left = np.stack([np.zeros(3), s - t], 1)
    return np.concatenate([top, right, bottom, left])


def all_points(lm: np.ndarray, size: int) -> np.ndarray:
    return np.concatenate([head_points(lm), border_points(size)])


@lru_cache(maxsize=None)
def template_triangles() -> np.ndarray:
    """Delaunay triangles of the mean face (mouth slightly open) + border.

    The same triangles serve every face; the template's mouth is opened so
    that the inside of the inner-lip polygon is made of its own triangles
    (the mouth cavity, points 60-67 only): the mouth opens and closes
    without stretching lip or skin triangles across it.
    """
    lm = MEAN_FACE_68.copy()
    lm[INNER_LOWER, 1] += 0.05
    lm[INNER_UPPER, 1] -= 0.02
    size = 4.0
    lm = lm + np.array([size / 2, size / 2 - 0.2])
    pts = np.concatenate([head_points(lm), border_points(5) * size / 4.0])
    return triangulate(pts)


def depth(lm: np.ndarray) -> np.ndarray:
    """Rough depth (towards the camera, in eye-distance units) of the 97
    head points: a dome over the face plus the nose."""
    pts = head_points(lm)
    d = np.linalg.norm(lm[45] - lm[36])
    centre = lm[[0, 16, 8, 27]].mean(0)
    r = np.linalg.norm(pts - centre, axis=1) / (1.1 * d)
    z = 0.45 * np.clip(1.0 - r ** 2, -0.3, 1.0)
    z[27:31] += np.array([0.08, 0.16, 0.24, 0.32])
    z[31:36] += np.array([0.1, 0.16, 0.2, 0.16, 0.1])
    return z
