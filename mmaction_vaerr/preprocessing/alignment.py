"""Similarity alignment of a face to a reference mean face (68 iBUG points).

The transform is the least-squares similarity (rotation, uniform scale,
translation) of Umeyama, "Least-squares estimation of transformation
parameters between two point patterns", IEEE TPAMI 13(4), 1991, fitted on the
stable points (nose 27-35 and eyes 36-47, 0-based iBUG 300-W indices), which
move little with expression, so the mouth and brows stay free to move inside
the crop.
"""
from __future__ import annotations

from typing import Tuple

import cv2
import numpy as np

# Mean 68-point iBUG face in a canonical frame: origin at the midpoint of the
# two eye centres, x to the right of the image, y down, outer eye corners
# (36, 45) at x = -0.5 / +0.5. Derived for this project by generalised
# Procrustes analysis (Gower 1975) of 182 dlib-landmarked frontal frames of
# the six people in the project's real test clips plus their mirror images
# (so it is exactly left/right symmetric), with the eyes levelled.
MEAN_FACE_68 = np.array([
    [-0.7995, 0.0289], [-0.7897, 0.2429], [-0.7596, 0.4551],
    [-0.7137, 0.6630], [-0.6397, 0.8586], [-0.5227, 1.0309],
    [-0.3719, 1.1724], [-0.1971, 1.2793], [0.0000, 1.3142],
    [0.1971, 1.2793], [0.3719, 1.1724], [0.5227, 1.0309],
    [0.6397, 0.8586], [0.7137, 0.6630], [0.7596, 0.4551],
    [0.7897, 0.2429], [0.7995, 0.0289], [-0.6604, -0.1730],
    [-0.5611, -0.2711], [-0.4194, -0.3059], [-0.2711, -0.2880],
    [-0.1338, -0.2292], [0.1338, -0.2292], [0.2711, -0.2880],
    [0.4194, -0.3059], [0.5611, -0.2711], [0.6604, -0.1730],
    [0.0000, -0.0376], [0.0000, 0.0951], [0.0000, 0.2270],
    [0.0000, 0.3619], [-0.1496, 0.4822], [-0.0772, 0.5066],
    [0.0000, 0.5261], [0.0772, 0.5066], [0.1496, 0.4822],
    [-0.5000, 0.0016], [-0.4104, -0.0489], [-0.3037, -0.0482],
    [-0.2090, 0.0173], [-0.3085, 0.0394], [-0.4158, 0.0388],
    [0.2090, 0.0173], [0.3037, -0.0482], [0.4104, -0.0489],
    [0.5000, 0.0016], [0.4158, 0.0388], [0.3085, 0.0394],
    [-0.2944, 0.7873], [-0.1913, 0.7006], [-0.0788, 0.6587],
    [0.0000, 0.6777], [0.0788, 0.6587], [0.1913, 0.7006],
    [0.2944, 0.7873], [0.1960, 0.9061], [0.0872, 0.9576],
    [0.0000, 0.9661], [-0.0872, 0.9576], [-0.1960, 0.9061],
    [-0.2461, 0.7867], [-0.0797, 0.7440], [0.0000, 0.7492],
    [0.0797, 0.7440], [0.2461, 0.7867], [0.0817, 0.8387],
    [0.0000, 0.8478], [-0.0817, 0.8387],
], dtype=np.float64)

# Nose (27-35) and eyes (36-47): the points the similarity is fitted on.
STABLE_POINTS = np.arange(27, 48)

# Index of each point's mirror image under a horizontal flip.
IBUG68_FLIP = np.array(
    list(range(16, -1, -1)) + list(range(26, 16, -1))  # jaw, brows
    + [27, 28, 29, 30, 35, 34, 33, 32, 31]  # nose
    + [45, 44, 43, 42, 47, 46, 39, 38, 37, 36, 41, 40]  # eyes
    + [54, 53, 52, 51, 50, 49, 48, 59, 58, 57, 56, 55]  # outer lips
    + [64, 63, 62, 61, 60, 67, 66, 65])  # inner lips


def reference_landmarks(size: int = 96, eye_dist: float = 0.42,
                        eye_y: float = 0.38) -> np.ndarray:
    """The mean face placed in a ``size`` x ``size`` crop.

    Args:
        size: crop side in pixels.
        eye_dist: outer-eye-corner distance as a fraction of ``size``.
        eye_y: height of the eye line as a fraction of ``size`` (from top).
            The defaults keep brows and chin inside the crop.

    Returns:
        (68, 2) float64 pixel coordinates.
    """
    return MEAN_FACE_68 * (eye_dist * size) + np.array([0.5, eye_y]) * size


def umeyama(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Least-squares similarity transform mapping ``src`` onto ``dst``.

    Umeyama 1991, eqs. (38)-(42): with the covariance
    ``S = mean((y - mu_y)(x - mu_x)^T) = U D V^T``,
    ``R = U diag(1, det(U V^T)) V^T``, ``c = tr(D diag(1, det)) / var(x)``,
    ``t = mu_y - c R mu_x``.

    Args:
        src: (N, 2) points, N >= 2, not all equal.
        dst: (N, 2) corresponding points.

    Returns:
        (2, 3) float64 matrix ``[c R | t]`` (for ``cv2.warpAffine``).
    """
    src = np.asarray(src, np.float64)
    dst = np.asarray(dst, np.float64)
    if src.shape != dst.shape or src.ndim != 2 or src.shape[1] != 2:
        raise ValueError(f'expected two (N, 2) arrays, got {src.shape} and '
                         f'{dst.shape}')
    mu_x, mu_y = src.mean(0), dst.mean(0)
    xs, ys = src - mu_x, dst - mu_y
    var_x = float((xs * xs).sum()) / len(src)
    if var_x <= 1e-12:
        raise ValueError('source points are all equal; no transform exists')
    # In 2-D the SVD has a closed form: with S = [[p, q], [r, s]],
    # max over rotations of tr(R^T S) = tr(D diag(1, det)) = hypot(p + s,
    # r - q), reached at the angle atan2(r - q, p + s); so c R is
    # [[a, -b], [b, a]] / var_x with a = p + s, b = r - q (identical up to
    # rounding, about 10x cheaper than numpy's SVD on 68 points).
    a = float((ys * xs).sum()) / len(src)
    b = float((ys[:, 1] * xs[:, 0] - ys[:, 0] * xs[:, 1]).sum()) / len(src)
    norm = np.hypot(a, b)
    if norm <= 0.0:  # degenerate (no rotation preferred): identity
        cos, sin = 1.0, 0.0
    else:
        cos, sin = a / norm, b / norm
    scale = norm / var_x
    rot = np.array([[cos, -sin], [sin, cos]])
    trans = mu_y - scale * rot @ mu_x
    return np.hstack([scale * rot, trans[:, None]])


def transform_points(pts: np.ndarray, mat: np.ndarray) -> np.ndarray:
    """Apply a (2, 3) affine matrix to (..., 2) points."""
    pts = np.asarray(pts, np.float64)
    return pts @ mat[:, :2].T + mat[:, 2]


def alignment_matrix(landmarks: np.ndarray,
                     reference: np.ndarray) -> np.ndarray:
    """Similarity taking frame ``landmarks`` (68, 2) to ``reference``."""
    return umeyama(landmarks[STABLE_POINTS], reference[STABLE_POINTS])


def warp_face(gray: np.ndarray, mat: np.ndarray, size: int) -> np.ndarray:
    """Warp a grayscale frame with ``mat`` into a ``size`` x ``size`` crop."""
    return cv2.warpAffine(gray, mat, (size, size), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=0)


def shape_residual(landmarks: np.ndarray) -> Tuple[float, np.ndarray]:
    """How far ``landmarks`` (68, 2) are from a plausible face.

    All 68 points are similarity-aligned to :data:`MEAN_FACE_68`; the root
    mean square distance left is in units of the outer-eye-corner distance
    (frontal faces with expression: ~0.03-0.08; a shape predictor run on
    a non-face gives larger values).

    Returns:
        The residual and the (2, 3) matrix used.
    """
    mat = umeyama(landmarks, MEAN_FACE_68)
    diff = transform_points(landmarks, mat) - MEAN_FACE_68
    return float(np.sqrt((diff ** 2).sum(1).mean())), mat
