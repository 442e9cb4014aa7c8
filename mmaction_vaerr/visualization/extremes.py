"""The frames where a model's valence and arousal are lowest and highest.

A quick visual check of a model on a real video without labels: if the
predictions follow the face, the highest-valence frame shows the widest
smile, the highest-arousal frame the most open mouth and eyes.
"""
from __future__ import annotations

from typing import Dict, List, Tuple

import cv2
import numpy as np

from .circumplex import va_panel
from .overlay_video import compose_frame

# (name, column of va = (arousal, valence), pick the max?)
EXTREMES = (('lowest valence', 1, False), ('highest valence', 1, True),
            ('lowest arousal', 0, False), ('highest arousal', 0, True))


def pick_extremes(va: np.ndarray, valid: np.ndarray,
                  smooth: int = 5) -> List[Tuple[str, int]]:
    """Frame index of each entry of :data:`EXTREMES`.

    Args:
        va: ``(T, 2)`` predicted (arousal, valence) per frame.
        valid: ``(T,)`` frames with a face (others are never picked).
        smooth: moving-average length (frames) applied first, so that one
            noisy frame is not picked.

    Returns:
        ``[(name, frame index), ...]`` in the order of :data:`EXTREMES`.
    """
    va = np.asarray(va, dtype=np.float64)
    valid = np.asarray(valid, dtype=bool) & np.isfinite(va).all(axis=1)
    if va.ndim != 2 or va.shape[1] != 2 or len(valid) != len(va):
        raise ValueError(f'va must be (T, 2) with a (T,) mask, got '
                         f'{va.shape} and {valid.shape}')
    if not valid.any():
        raise ValueError('no valid frame (no face found in the video)')
    k = max(1, int(smooth))
    kernel = np.ones(k) / k
    out = []
    for name, col, high in EXTREMES:
        x = np.where(valid, va[:, col], 0.0)
        n = np.convolve(valid.astype(float), kernel, mode='same')
        s = np.convolve(x, kernel, mode='same') / np.maximum(n, 1e-9)
        s = np.where(valid, s, -np.inf if high else np.inf)
        out.append((name, int(np.argmax(s) if high else np.argmin(s))))
    return out


def extremes_sheet(frames: Dict[int, np.ndarray], picks: List[Tuple[str, int]],
                   va: np.ndarray, height: int = 240) -> np.ndarray:
    """A 2 x 2 sheet: each picked frame beside the valence-arousal circle.

    Args:
        frames: BGR frame per picked index.
        picks: output of :func:`pick_extremes`.
        va: ``(T, 2)`` predicted (arousal, valence).
        height: height of one tile.
    """
    tiles = []
    for name, i in picks:
        a, v = float(va[i, 0]), float(va[i, 1])
        tiles.append(compose_frame(
            frames[i], va_panel(height, (v, a)),
            text=f'{name}: V {v:+.2f} A {a:+.2f}'))
    w = max(t.shape[1] for t in tiles)
    tiles = [cv2.copyMakeBorder(t, 0, 0, 0, w - t.shape[1],
                                cv2.BORDER_CONSTANT, value=(255, 255, 255))
             for t in tiles]
    return np.concatenate([np.concatenate(tiles[:2], axis=1),
                           np.concatenate(tiles[2:], axis=1)], axis=0)
