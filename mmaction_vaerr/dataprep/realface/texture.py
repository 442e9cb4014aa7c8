"""Face textures in the render canvas: alignment, neutral shape, variants.

A :class:`FaceTexture` is an RGB canvas holding one face in the project's
framing (:func:`~mmaction_vaerr.preprocessing.alignment.reference_landmarks`,
the framing of ``tools/data/preprocess_faces.py``) with a margin around it,
its 68 landmarks there (``src``), and the *neutral* landmarks the animation
starts from (``neutral``): the photo's own expression with the mouth closed
and the mouth corners brought to the mean face's height, so a smiling photo
does not start at a smile.

Identity variants (:func:`mirror`, :func:`morph`, :func:`recolour`,
:func:`reshape`) make new faces from the photos.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from ...preprocessing.alignment import (IBUG68_FLIP, MEAN_FACE_68,
                                        alignment_matrix,
                                        reference_landmarks,
                                        transform_points, umeyama)
from .mesh import INNER_LOWER, INNER_UPPER, all_points, template_triangles
from .warp import piecewise_affine_warp


@dataclass
class Canvas:
    """Render canvas: the ``crop`` x ``crop`` project framing plus ``pad``
    pixels on every side (side ``crop + 2 * pad``)."""

    crop: int = 128
    pad: int = 16

    @property
    def size(self) -> int:
        return self.crop + 2 * self.pad

    def reference(self) -> np.ndarray:
        return reference_landmarks(self.crop) + self.pad

    @property
    def eye_dist(self) -> float:
        ref = self.reference()
        return float(np.linalg.norm(ref[45] - ref[36]))


@dataclass
class FaceTexture:
    """An RGB canvas image with source and neutral landmarks (68, 2)."""

    image: np.ndarray
    src: np.ndarray
    neutral: np.ndarray
    persons: tuple
    name: str


def align_face(image_rgb: np.ndarray, landmarks: np.ndarray,
               canvas: Canvas) -> tuple:
    """Similarity-align a face into the canvas (project framing).

    Large photos are first shrunk with area averaging so the similarity
    itself never down-samples by more than 2x (no aliasing).
    """
    lm = np.asarray(landmarks, np.float64)
    mat = alignment_matrix(lm, canvas.reference())
    scale = float(np.sqrt(abs(np.linalg.det(mat[:, :2]))))
    img = image_rgb
    if scale < 0.5:
        f = 2.0 * scale
        img = cv2.resize(image_rgb, None, fx=f, fy=f,
                         interpolation=cv2.INTER_AREA)
        fx = img.shape[1] / image_rgb.shape[1]
        fy = img.shape[0] / image_rgb.shape[0]
        lm = lm * np.array([fx, fy])
        mat = alignment_matrix(lm, canvas.reference())
    out = cv2.warpAffine(img, mat, (canvas.size, canvas.size),
                         flags=cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_REFLECT)
    return out, transform_points(lm, mat)


def neutral_shape(lm: np.ndarray, strength: float = 0.8) -> np.ndarray:
    """The photo's landmarks with the mouth closed and corners levelled.

    The inner lips are closed (the lower lip and chin rise by the gap); the
    mouth corners' height relative to the lip centre is moved ``strength``
    of the way to the mean face's (a photo's smile or frown is undone),
    by at most 0.08 eye distances.
    """
    lm = np.asarray(lm, np.float64).copy()
    d = np.linalg.norm(lm[45] - lm[36])
    gap = float(np.mean(lm[INNER_LOWER, 1] - lm[INNER_UPPER, 1]))
    gap = max(gap - 0.01 * d, 0.0)
    lm[INNER_LOWER, 1] -= gap
    lm[55:60, 1] -= gap
    lm[[7, 8, 9], 1] -= 0.6 * gap
    lm[[5, 6, 10, 11], 1] -= 0.3 * gap
    # corner height vs the mid-lip height, in eye-distance units
    mean = MEAN_FACE_68

    def lift(p):
        mid = 0.5 * (p[51, 1] + p[57, 1])
        return 0.5 * (p[48, 1] + p[54, 1]) - mid

    want = lift(mean)
    have = lift(lm) / d
    corr = np.clip(strength * (want - have), -0.08, 0.08) * d
    for idx, w in (([48, 54], 1.0), ([60, 64], 1.0), ([49, 53, 59, 55], 0.5)):
        lm[idx, 1] += w * corr
    return lm


def from_photo(image_rgb: np.ndarray, landmarks: np.ndarray, canvas: Canvas,
               persons: tuple, name: str) -> FaceTexture:
    img, lm = align_face(image_rgb, landmarks, canvas)
    return FaceTexture(img, lm, neutral_shape(lm), tuple(persons), name)


def mirror(tex: FaceTexture) -> FaceTexture:
    """The mirror image (landmarks re-indexed so point 36 stays the right
    eye's outer corner in the image's left half)."""
    w = tex.image.shape[1]

    def flip(p):
        q = p[IBUG68_FLIP].copy()
        q[:, 0] = (w - 1) - q[:, 0]
        return q

    return replace(tex, image=np.ascontiguousarray(tex.image[:, ::-1]),
                   src=flip(tex.src), neutral=flip(tex.neutral),
                   name=tex.name + '~mirror')


def warp_to(tex: FaceTexture, shape: np.ndarray) -> np.ndarray:
    """The texture's image warped so its neutral face takes ``shape``."""
    size = tex.image.shape[0]
    tris = template_triangles()
    return piecewise_affine_warp(tex.image, all_points(tex.src, size),
                                 all_points(shape, size), tris)


def morph(a: FaceTexture, b: FaceTexture, weight: float,
          canvas: Canvas) -> FaceTexture:
    """A new face between ``a`` and ``b`` (``weight`` = share of ``b``).

    Both neutral shapes are aligned to the canvas reference, averaged, each
    texture is warped onto the average and the two are cross-dissolved
    (the classic morph of Beier & Neely 1992). The result is already
    neutral (its ``src`` equals its ``neutral``).
    """
    ref = canvas.reference()
    na = transform_points(a.neutral, umeyama(a.neutral, ref))
    nb = transform_points(b.neutral, umeyama(b.neutral, ref))
    shape = (1 - weight) * na + weight * nb
    # warp the mouth closed too: start both from their neutral geometry
    ia = warp_to(a, shape).astype(np.float32)
    ib = warp_to(b, shape).astype(np.float32)
    img = np.clip((1 - weight) * ia + weight * ib + 0.5, 0, 255).astype(
        np.uint8)
    return FaceTexture(img, shape.copy(), shape.copy(),
                       tuple(sorted(set(a.persons) | set(b.persons))),
                       f'{a.name}+{b.name}@{weight:.2f}')


def recolour(tex: FaceTexture, gains: np.ndarray,
             gamma: float) -> FaceTexture:
    """Per-channel gains and a gamma (skin tone / white balance change)."""
    x = tex.image.astype(np.float32) / 255.0
    x = np.clip(x * np.asarray(gains, np.float32)[None, None], 0, 1) ** gamma
    return replace(tex, image=(x * 255 + 0.5).astype(np.uint8))


def reshape(tex: FaceTexture, rng: np.random.Generator,
            amount: float = 1.0) -> FaceTexture:
    """Change the face's proportions (width, jaw, eye spacing, nose length,
    mouth width, face length) by a few percent around the face centre."""
    lm = tex.neutral.copy()
    d = np.linalg.norm(lm[45] - lm[36])
    c = lm[[36, 45]].mean(0)
    s = rng.uniform(-1, 1, 6) * amount
    lm[:17, 0] = c[0] + (lm[:17, 0] - c[0]) * (1 + 0.06 * s[0])
    lm[4:13, 0] = c[0] + (lm[4:13, 0] - c[0]) * (1 + 0.05 * s[1])
    for eye, sign in ((slice(36, 42), -1), (slice(42, 48), 1)):
        lm[eye, 0] += sign * 0.03 * s[2] * d
    lm[31:36, 1] += 0.04 * s[3] * d
    lm[48:68, 0] = lm[51, 0] + (lm[48:68, 0] - lm[51, 0]) * (1 + 0.07 * s[4])
    below = lm[:, 1] > c[1]
    lm[below, 1] = c[1] + (lm[below, 1] - c[1]) * (1 + 0.05 * s[5])
    return replace(tex, neutral=lm)
