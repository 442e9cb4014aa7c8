"""The valence-arousal circle (circumplex) drawn with OpenCV.

Valence is the x axis (unpleasant left, pleasant right), arousal the y axis
(calm bottom, excited top). A few emotion words sit at their usual angles on
Russell's circumplex of affect (J. A. Russell, "A circumplex model of
affect", J. Pers. Soc. Psychol. 39(6), 1980): excited near 45 degrees, happy
near 10, content and calm in the low-arousal pleasant quadrant, tired and
sad in the low-arousal unpleasant one, angry and afraid in the high-arousal
unpleasant one.
"""
from __future__ import annotations

import math
from typing import Optional, Sequence, Tuple

import cv2
import numpy as np

# (word, angle in degrees, counter-clockwise from the +valence axis)
EMOTION_WORDS: Tuple[Tuple[str, float], ...] = (
    ('excited', 50), ('happy', 12), ('content', 330), ('calm', 295),
    ('tired', 245), ('sad', 200), ('angry', 150), ('afraid', 115))

BG = (250, 250, 250)
GRID = (200, 200, 200)
INK = (60, 60, 60)
WORD = (140, 110, 70)
RED = (40, 40, 220)      # BGR
GREEN = (60, 170, 60)
RADIUS = 0.31  # circle radius / panel side


def va_to_pixel(valence: float, arousal: float, centre: Tuple[int, int],
                radius: float) -> Tuple[int, int]:
    """Map (valence, arousal) in [-1, 1] to pixel coordinates (clipped)."""
    v = float(np.clip(valence, -1, 1))
    a = float(np.clip(arousal, -1, 1))
    return (int(round(centre[0] + v * radius)),
            int(round(centre[1] - a * radius)))


def _text(img, text, org, scale, color, thickness=1, anchor='c'):
    (w, h), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, scale,
                                thickness)
    x, y = org
    if anchor == 'c':
        x, y = x - w // 2, y + h // 2
    elif anchor == 'r':
        x, y = x - w, y + h // 2
    elif anchor == 'l':
        y = y + h // 2
    cv2.putText(img, text, (int(x), int(y)), cv2.FONT_HERSHEY_SIMPLEX, scale,
                color, thickness, cv2.LINE_AA)


def draw_circumplex(size: int = 360) -> np.ndarray:
    """The empty circle with axes, labels and emotion words (BGR uint8)."""
    img = np.full((size, size, 3), BG, np.uint8)
    c = (size // 2, size // 2)
    r = size * RADIUS
    s = size / 360.0
    cv2.circle(img, c, int(r), GRID, max(1, int(2 * s)), cv2.LINE_AA)
    cv2.circle(img, c, int(r / 2), GRID, 1, cv2.LINE_AA)
    cv2.line(img, (int(c[0] - r * 1.1), c[1]), (int(c[0] + r * 1.1), c[1]),
             INK, 1, cv2.LINE_AA)
    cv2.line(img, (c[0], int(c[1] - r * 1.1)), (c[0], int(c[1] + r * 1.1)),
             INK, 1, cv2.LINE_AA)
    _text(img, 'valence +', (c[0] + r * 1.12, c[1] - 12 * s), 0.4 * s, INK,
          anchor='r')
    _text(img, '-', (c[0] - r * 1.12, c[1] - 12 * s), 0.5 * s, INK,
          anchor='l')
    _text(img, 'arousal +', (c[0] + 8 * s, c[1] - r * 1.12), 0.4 * s, INK,
          anchor='l')
    _text(img, '-', (c[0] + 8 * s, c[1] + r * 1.12), 0.5 * s, INK,
          anchor='l')
    for word, deg in EMOTION_WORDS:
        th = math.radians(deg)
        pos = (c[0] + 1.18 * r * math.cos(th),
               c[1] - 1.18 * r * math.sin(th))
        anchor = 'l' if math.cos(th) > 0.3 else \
            ('r' if math.cos(th) < -0.3 else 'c')
        _text(img, word, pos, 0.42 * s, WORD, anchor=anchor)
    return img


def draw_va_point(img: np.ndarray, valence: float, arousal: float,
                  color: Tuple[int, int, int],
                  trail: Optional[Sequence[Tuple[float, float]]] = None
                  ) -> np.ndarray:
    """Draw a (valence, arousal) point, with an optional fading trail of
    earlier (valence, arousal) points, onto a :func:`draw_circumplex`
    image (in place)."""
    size = img.shape[0]
    c, r, s = (size // 2, size // 2), size * RADIUS, size / 360.0
    if trail is not None:
        pts = [va_to_pixel(v, a, c, r) for v, a in trail
               if np.isfinite(v) and np.isfinite(a)]
        for i in range(1, len(pts)):
            w = i / len(pts)
            col = tuple(int(BG[k] + w * (color[k] - BG[k])) for k in range(3))
            cv2.line(img, pts[i - 1], pts[i], col, 1, cv2.LINE_AA)
    if np.isfinite(valence) and np.isfinite(arousal):
        p = va_to_pixel(valence, arousal, c, r)
        cv2.circle(img, p, int(7 * s), color, -1, cv2.LINE_AA)
        cv2.circle(img, p, int(7 * s), (255, 255, 255), 1, cv2.LINE_AA)
    return img


def va_panel(size: int, pred: Optional[Tuple[float, float]],
             gt: Optional[Tuple[float, float]] = None,
             trail: Optional[Sequence[Tuple[float, float]]] = None,
             status: str = '') -> np.ndarray:
    """The circle with the predicted (red) and true (green) points.

    Args:
        size: panel side in pixels.
        pred: predicted (valence, arousal), or None (frame without a face).
        gt: true (valence, arousal), or None.
        trail: recent predicted (valence, arousal) points.
        status: text shown below the centre (e.g. ``'no face'``).
    """
    img = draw_circumplex(size)
    s = size / 360.0
    if gt is not None:
        draw_va_point(img, gt[0], gt[1], GREEN)
    if pred is not None:
        draw_va_point(img, pred[0], pred[1], RED, trail)
    y = size - int(14 * s)
    _text(img, 'pred', (size - 110 * s, y), 0.4 * s, RED, anchor='l')
    if gt is not None:
        _text(img, 'true', (size - 60 * s, y), 0.4 * s, GREEN, anchor='l')
    if status:
        (w, h), _ = cv2.getTextSize(status, cv2.FONT_HERSHEY_SIMPLEX,
                                    0.7 * s, 2)
        c = (size // 2, size // 2 + int(40 * s))
        cv2.rectangle(img, (c[0] - w // 2 - 6, c[1] - h // 2 - 6),
                      (c[0] + w // 2 + 6, c[1] + h // 2 + 6), BG, -1)
        _text(img, status, c, 0.7 * s, RED, 2)
    return img
