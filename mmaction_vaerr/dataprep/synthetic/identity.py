"""Who a synthetic subject is, and how their face shows arousal/valence.

A :class:`FaceIdentity` holds everything that differs between subjects:
face shape, position, scale, skin/background/hair levels, lighting, feature
geometry, glasses, sensor noise, *and* how expressive the person is and
their resting smile / eye opening. The latter make the mapping from pixels
to labels subject-dependent, so held-out subjects are a real test.

The expression functions map labels to feature geometry; the renderer and
the audio synthesiser share them, so sound and picture agree.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np


@dataclass
class FaceIdentity:
    """Appearance and expressivity of one synthetic subject.

    Lengths are pixels at 96x96 (scaled with the output size); ``*_u`` /
    ``*_v`` are face-local units; grey levels are 0..255.
    """

    half_width: float
    half_height: float
    center_x: float
    center_y: float
    scale: float
    skin: float
    background: float
    bg_gradient: float
    light_gradient: float
    hair: float
    hair_depth: float          # hairline below the head top; 0 = bald
    eye_spacing_u: float
    eye_v: float
    eye_width_u: float
    eye_height_v: float
    brow_gap_v: float
    brow_thickness: float
    mouth_v: float
    mouth_width_u: float
    mouth_open_v: float        # maximal mouth opening
    lip_contrast: float
    glasses: bool
    noise_sigma: float
    expressivity: float
    resting_smile: float
    resting_eye: float
    head_amplitude: float
    voice_f0: float

    def to_dict(self) -> dict:
        return {k: (bool(v) if isinstance(v, (bool, np.bool_)) else
                    round(float(v), 4)) for k, v in asdict(self).items()}


def sample_identity(rng: np.random.Generator) -> FaceIdentity:
    """Draw a random subject (face geometry, tones, noise, expressivity)."""
    u = rng.uniform
    skin = u(95, 210)
    background = u(10, 245)
    while abs(background - skin) < 35:       # keep the face outline visible
        background = u(10, 245)
    return FaceIdentity(
        half_width=u(27, 35), half_height=u(36, 44),
        center_x=u(-5, 5), center_y=u(-3, 6), scale=u(0.86, 1.08),
        skin=skin, background=background, bg_gradient=u(-35, 35),
        light_gradient=u(-30, 30), hair=u(5, 110),
        hair_depth=0.0 if rng.random() < 0.15 else u(0.2, 0.5),
        eye_spacing_u=u(0.34, 0.44), eye_v=u(-0.24, -0.12),
        eye_width_u=u(0.16, 0.21), eye_height_v=u(0.085, 0.115),
        brow_gap_v=u(0.13, 0.18), brow_thickness=u(1.6, 3.0),
        mouth_v=u(0.44, 0.56), mouth_width_u=u(0.30, 0.42),
        mouth_open_v=u(0.16, 0.22), lip_contrast=u(35, 75),
        glasses=bool(rng.random() < 0.2), noise_sigma=u(1.5, 7.0),
        expressivity=u(0.7, 1.3), resting_smile=u(-0.2, 0.2),
        resting_eye=u(0.55, 0.7), head_amplitude=u(1.5, 3.5),
        voice_f0=u(95, 230))


def eye_openness(identity: FaceIdentity, arousal: float,
                 blink: float = 0.0) -> float:
    """Eye opening in [0, 1]: wide at high arousal, closed in a blink."""
    base = identity.resting_eye + 0.35 * identity.expressivity * arousal
    return float(np.clip(base, 0.15, 1.0) * (1.0 - np.clip(blink, 0, 1)))


def mouth_opening(identity: FaceIdentity, arousal, talk=0.0):
    """Mouth opening in [0, 1] from arousal and speech (scalar or array)."""
    a01 = (np.asarray(arousal, dtype=np.float64) + 1.0) / 2.0
    rest = 0.35 * identity.expressivity * a01 ** 1.5
    return np.clip(rest + 0.65 * np.asarray(talk, dtype=np.float64), 0, 1)


def mouth_curvature(identity: FaceIdentity, valence: float) -> float:
    """Signed smile strength: > 0 corners up, < 0 corners down."""
    return float(np.clip(identity.resting_smile +
                         identity.expressivity * valence, -1.4, 1.4))
