"""Render one animated frame of a real face texture on the canvas."""
from __future__ import annotations

from typing import Optional

import cv2
import numpy as np

from .mesh import (INNER_LOWER, INNER_UPPER, NUM_HEAD_POINTS, all_points,
                   border_points, head_points, template_triangles)
from .texture import FaceTexture
from .tps import tps_warp_maps
from .warp import warp_maps

#: animation methods: the mesh's piecewise-affine warp (the default) and a
#: thin-plate spline through the same control points (:mod:`.tps`)
WARPS = ('affine', 'tps')

CAVITY_RGB = np.array([38.0, 14.0, 16.0])
TEETH_RGB = np.array([196.0, 190.0, 178.0])


def mouth_gap(lm: np.ndarray) -> float:
    """Mean inner-lip gap in pixels."""
    return float(np.mean(lm[INNER_LOWER, 1] - lm[INNER_UPPER, 1]))


def _paint_mouth(img: np.ndarray, target: np.ndarray, src_gap: float,
                 scale: float) -> None:
    """Dark cavity (and upper teeth) inside the opened inner lips.

    Painted where the output mouth is open wider than the source photo's
    (whose own cavity, if any, the warp already carries), with a strength
    growing with the extra opening; edges are anti-aliased.
    """
    gap = mouth_gap(target)
    extra = gap - max(src_gap, 0.0)
    if extra <= 0.5:
        return
    alpha_max = float(np.clip(extra / (0.3 * scale), 0.0, 0.95))
    inner = target[60:68]
    x0, y0 = np.floor(inner.min(0)).astype(int) - 2
    x1, y1 = np.ceil(inner.max(0)).astype(int) + 3
    h, w = img.shape[:2]
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, w), min(y1, h)
    if x1 <= x0 or y1 <= y0:
        return
    mask = np.zeros((y1 - y0, x1 - x0), np.uint8)
    poly = np.round((inner - [x0, y0]) * 16).astype(np.int32)
    cv2.fillPoly(mask, [poly], 255, cv2.LINE_AA, shift=4)
    teeth = np.zeros_like(mask)
    band = np.concatenate([target[[60, 61, 62, 63, 64]],
                           target[[64, 63, 62, 61, 60]] +
                           [0, 0.28 * gap]])
    cv2.fillPoly(teeth, [np.round((band - [x0, y0]) * 16).astype(np.int32)],
                 255, cv2.LINE_AA, shift=4)
    roi = img[y0:y1, x0:x1].astype(np.float32)
    skin = roi.reshape(-1, 3).mean(0)
    light = skin.mean() / 150.0        # cavity/teeth follow the lighting
    m = (mask.astype(np.float32) / 255.0 * alpha_max)[..., None]
    t = (np.minimum(teeth, mask).astype(np.float32) / 255.0)[..., None]
    colour = (CAVITY_RGB * (1 - 0.7 * t) + TEETH_RGB * 0.7 * t) * light
    img[y0:y1, x0:x1] = np.clip(roi * (1 - m) + colour * m, 0,
                                255).astype(np.uint8)


def render_frame(tex: FaceTexture, target_lm: np.ndarray,
                 target_head: np.ndarray,
                 occluder: Optional[dict] = None,
                 warp: str = 'affine') -> np.ndarray:
    """Warp ``tex`` so its face takes ``target_head`` (97, 2) points.

    Args:
        tex: the face texture (canvas image + source landmarks).
        target_lm: (68, 2) output landmarks (= ``target_head[:68]``).
        target_head: (97, 2) output head points (landmarks, cheeks, ring).
        occluder: optional ``dict(poly=(K, 2) points, rgb=(3,), alpha=a)``
            drawn over the face (a hand, a cup, a microphone).
        warp: ``'affine'`` (piecewise-affine over the mesh) or ``'tps'``
            (thin-plate spline through the same points).

    Returns:
        (S, S, 3) uint8 RGB canvas.
    """
    size = tex.image.shape[0]
    src = all_points(tex.src, size)
    dst = np.concatenate([target_head, border_points(size)])
    if warp == 'affine':
        mx, my = warp_maps(src, dst, template_triangles(), (size, size))
    elif warp == 'tps':
        mx, my = tps_warp_maps(src, dst, (size, size))
    else:
        raise ValueError(f'warp must be one of {WARPS}, got {warp!r}')
    img = cv2.remap(tex.image, mx, my, cv2.INTER_LINEAR,
                    borderMode=cv2.BORDER_REPLICATE)
    d = float(np.linalg.norm(target_lm[45] - target_lm[36]))
    _paint_mouth(img, target_lm, mouth_gap(tex.src), d)
    if occluder is not None:
        layer = img.copy()
        poly = np.round(occluder['poly'] * 16).astype(np.int32)
        cv2.fillPoly(layer, [poly], [float(c) for c in occluder['rgb']],
                     cv2.LINE_AA, shift=4)
        a = float(occluder.get('alpha', 1.0))
        img = cv2.addWeighted(layer, a, img, 1 - a, 0)
    return img


__all__ = ['render_frame', 'mouth_gap', 'head_points', 'NUM_HEAD_POINTS',
           'WARPS']
