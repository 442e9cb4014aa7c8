"""Draw one grayscale cartoon face whose expression encodes arousal/valence.

Cues (all drawn with OpenCV anti-aliased primitives, sub-pixel precision):

* valence -- mouth-corner curvature (smile / frown) and brow slant (inner
  ends pulled down and together when negative, brows raised when positive);
* arousal -- eye opening, resting mouth opening (plus speech movement from
  :func:`~.trajectories.talk_signal`), and, over time, head-motion speed and
  blink rate (see :mod:`.trajectories`).

The subject's appearance and expressivity come from a
:class:`~.identity.FaceIdentity`.

Face-local coordinates: ``u`` to the right in units of the face half-width,
``v`` downwards in units of the face half-height, origin at the face centre.
"""
from __future__ import annotations

from typing import Optional, Sequence

import cv2
import numpy as np

from .identity import (FaceIdentity, eye_openness, mouth_curvature,
                       mouth_opening)

_SHIFT = 4                 # OpenCV fractional bits: 1/16 pixel precision
_ONE = 1 << _SHIFT


class _Frame:
    """Face-local -> fixed-point pixel coordinates for one frame."""

    def __init__(self, identity: FaceIdentity, size: int,
                 offset: Sequence[float], tilt: float) -> None:
        k = size / 96.0
        self.k = k
        self.sx = identity.half_width * identity.scale * k
        self.sy = identity.half_height * identity.scale * k
        self.cx = size / 2 + (identity.center_x + offset[0]) * k
        self.cy = size / 2 + (identity.center_y + offset[1]) * k
        self.tilt = float(tilt)
        rad = np.deg2rad(tilt)
        self.cos, self.sin = np.cos(rad), np.sin(rad)

    def pts(self, u, v) -> np.ndarray:
        x = np.asarray(u, dtype=np.float64) * self.sx
        y = np.asarray(v, dtype=np.float64) * self.sy
        px = self.cx + x * self.cos - y * self.sin
        py = self.cy + x * self.sin + y * self.cos
        return np.round(np.stack([px, py], -1) * _ONE).astype(np.int32)

    def ellipse(self, img, u, v, au, av, color, thickness=-1, start=0,
                end=360) -> None:
        c = tuple(int(t) for t in self.pts(u, v))
        axes = (int(round(au * self.sx * _ONE)),
                int(round(max(av * self.sy, 0.05) * _ONE)))
        th = thickness if thickness < 0 else max(1, int(round(thickness *
                                                              self.k)))
        cv2.ellipse(img, c, axes, self.tilt, start, end, float(color), th,
                    cv2.LINE_AA, _SHIFT)

    def polyline(self, img, u, v, color, thickness) -> None:
        th = max(1, int(round(thickness * self.k)))
        cv2.polylines(img, [self.pts(u, v)], False, float(color), th,
                      cv2.LINE_AA, _SHIFT)


def _draw_eyes_and_brows(img, fr: _Frame, idt: FaceIdentity, openness: float,
                         valence: float) -> None:
    dark = max(idt.skin - 120, 5)
    for side in (-1.0, 1.0):
        eu = side * idt.eye_spacing_u
        half_h = idt.eye_height_v * openness
        if half_h > 0.012:
            fr.ellipse(img, eu, idt.eye_v, idt.eye_width_u, half_h,
                       min(idt.skin + 45, 250))
            iris = min(0.55 * idt.eye_width_u * fr.sx, half_h * fr.sy)
            fr.ellipse(img, eu, idt.eye_v, iris / fr.sx, iris / fr.sy, dark)
        # Upper lid (always drawn; alone it is the closed eye).
        fr.ellipse(img, eu, idt.eye_v, idt.eye_width_u, max(half_h, 0.01),
                   dark, thickness=1.3, start=180, end=360)
        if idt.glasses:
            fr.ellipse(img, eu, idt.eye_v, idt.eye_width_u * 1.55,
                       idt.eye_height_v * 2.6, 25, thickness=1.2)
        # Brow: negative valence pulls the inner end down, positive raises
        # the whole brow and arches it.
        s = idt.expressivity * valence
        inner_u = side * (idt.eye_spacing_u - 0.9 * idt.eye_width_u)
        outer_u = side * (idt.eye_spacing_u + 1.1 * idt.eye_width_u)
        base_v = idt.eye_v - idt.brow_gap_v - 0.05 * max(s, 0)
        inner_v = base_v + 0.09 * max(-s, 0)
        outer_v = base_v - 0.03 * max(-s, 0)
        mid_v = (inner_v + outer_v) / 2 - 0.02 - 0.03 * max(s, 0)
        fr.polyline(img, [inner_u, (inner_u + outer_u) / 2, outer_u],
                    [inner_v, mid_v, outer_v], max(idt.hair - 10, 0)
                    if idt.hair < idt.skin - 40 else dark,
                    idt.brow_thickness)


def _draw_mouth(img, fr: _Frame, idt: FaceIdentity, opening: float,
                curvature: float) -> None:
    u = np.linspace(-1.0, 1.0, 17)
    bend = -0.12 * curvature * (u ** 2 - 1.0 / 3.0)   # corners move, mean 0
    gap = idt.mouth_open_v * opening * (1.0 - u ** 2)
    upper = idt.mouth_v + bend - 0.35 * gap
    lower = idt.mouth_v + bend + 0.65 * gap
    lip = max(idt.skin - idt.lip_contrast, 0)
    mu = u * idt.mouth_width_u
    if opening > 0.02:
        poly = fr.pts(np.concatenate([mu, mu[::-1]]),
                      np.concatenate([upper, lower[::-1]]))
        cv2.fillPoly(img, [poly], float(max(idt.skin - 150, 8)),
                     cv2.LINE_AA, _SHIFT)
    fr.polyline(img, mu, upper, lip, 1.8)
    fr.polyline(img, mu, lower, lip, 2.2)


def render_face(identity: FaceIdentity, arousal: float, valence: float,
                blink: float = 0.0, head_offset: Sequence[float] = (0., 0.),
                tilt: float = 0.0, talk: float = 0.0, size: int = 96,
                rng: Optional[np.random.Generator] = None) -> np.ndarray:
    """Render one (size, size) uint8 grayscale face.

    Args:
        identity: the subject.
        arousal: in [-1, 1]; opens eyes and mouth.
        valence: in [-1, 1]; bends mouth corners and brows.
        blink: eyelid closure in [0, 1].
        head_offset: (dx, dy) head translation in pixels at 96x96.
        tilt: head roll in degrees.
        talk: extra speech mouth opening in [0, 1].
        size: output side length.
        rng: adds the subject's sensor noise when given.
    """
    idt = identity
    k = size / 96.0
    ramp = (np.arange(size, dtype=np.float32) - size / 2) / (size / 2)
    img = np.empty((size, size), np.float32)
    img[:] = idt.background + idt.bg_gradient * ramp[:, None]
    img = np.clip(img, 0, 255).astype(np.uint8)
    fr = _Frame(idt, size, head_offset, tilt)
    # Neck and shoulders, then the head.
    neck = fr.pts([-0.45, 0.45, 0.55, -0.55], [0.6, 0.6, 1.8, 1.8])
    cv2.fillPoly(img, [neck], float(idt.skin * 0.8), cv2.LINE_AA, _SHIFT)
    fr.ellipse(img, 0, 0, 1, 1, idt.skin)
    if idt.hair_depth > 0:       # a cap from above the head to the hairline
        line_v = -1.0 + idt.hair_depth
        fr.ellipse(img, 0, line_v, 1.06 * np.sqrt(1 - line_v ** 2),
                   idt.hair_depth + 0.12, idt.hair, start=180, end=360)
    # Lighting across the face (a side light) before the features.
    img = img.astype(np.float32)
    img += idt.light_gradient * ramp[None, :]
    img = np.clip(img, 0, 255).astype(np.uint8)
    _draw_eyes_and_brows(img, fr, idt, eye_openness(idt, arousal, blink),
                         valence)
    fr.polyline(img, [0.0, 0.03, -0.08], [0.0, 0.22, 0.27],
                max(idt.skin - 45, 0), 1.3)                       # nose
    _draw_mouth(img, fr, idt, float(mouth_opening(idt, arousal, talk)),
                mouth_curvature(idt, valence))
    img = cv2.GaussianBlur(img, (0, 0), 0.6 * k)
    if rng is not None and idt.noise_sigma > 0:
        noisy = img + rng.normal(0.0, idt.noise_sigma, img.shape)
        img = np.clip(np.rint(noisy), 0, 255).astype(np.uint8)
    return img
