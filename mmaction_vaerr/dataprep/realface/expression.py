"""Arousal/valence -> landmark motion (the animation's mapping).

All displacements are in units of the outer-eye-corner distance ``d``
(about 54 px in the default canvas, 40 px in a 96x96 crop); +y is down.
With ``v+ = max(v, 0)``, ``v- = max(-v, 0)`` and ``a01 = (a + 1) / 2``:

======================  ==============================================
cue                     motion
======================  ==============================================
smile / frown (v)       mouth corners (48, 54, 60, 64) up ``0.10 v``;
                        out ``0.06 v+``, in ``0.02 v-``; lips next to
                        the corners follow at half
cheeks (v+)             cheek points up ``0.07 v+``; lower eyelids up
                        ``0.02 v+`` (the Duchenne squint)
brows (v-)              inner brows (21, 22) down ``0.06 v-`` and
                        together ``0.03 v-`` (20, 23 at half); chin
                        raiser: lower lip centre up ``0.03 v-``
mouth opening (a)       jaw drop ``J = 0.12 a01``: lower inner lip down
                        ``J``, lower outer lip ``0.9 J``, chin
                        ``0.7 J`` .. ``0.15 J``, corners ``0.2 J``
eye opening (a)         upper lids up ``0.045 a`` (a > 0) or down
                        ``0.02 |a|`` (a < 0), lower lids down
                        ``0.015 a``; blinks (more frequent at high a)
                        close the upper lid onto the lower one
brow raise (a)          all brow points up ``0.06 a``
head motion (a)         speed of the head-pose phase (see ``clip.py``)
speech (not a)          jaw drop ``0.07 talk`` on top of ``J``, from
                        :func:`~..synthetic.trajectories.talk_signal`
                        driven at a constant arousal
======================  ==============================================

These are within the range of real expressions at this framing (a broad
smile lifts the corners by ~0.1-0.15 d, an open mouth drops the jaw by
~0.2-0.3 d), so faces stay plausible at the extremes.
"""
from __future__ import annotations

import numpy as np

UPPER_LID = np.array([37, 38, 43, 44])
LOWER_LID = np.array([41, 40, 47, 46])       # under 37, 38, 43, 44
LEFT_IN, RIGHT_IN = 48, 54


def jaw_drop(arousal: float, talk: float) -> float:
    """Total mouth opening in ``d`` units (arousal part + speech part)."""
    return 0.12 * (arousal + 1.0) / 2.0 + 0.07 * talk


def expression_offsets(neutral: np.ndarray, arousal: float, valence: float,
                       talk: float = 0.0, blink: float = 0.0) -> np.ndarray:
    """(70, 2) displacements (landmarks + 2 cheek points) in pixels.

    Args:
        neutral: (68, 2) neutral landmarks (sets ``d`` and the eyelid gap).
        arousal, valence: labels in [-1, 1].
        talk: speech mouth opening in [0, 1].
        blink: eyelid closure in [0, 1].
    """
    d = float(np.linalg.norm(neutral[45] - neutral[36]))
    a, v = float(arousal), float(valence)
    vp, vn = max(v, 0.0), max(-v, 0.0)
    off = np.zeros((70, 2))
    # valence: mouth corners, lips next to them, cheeks, eyelids, brows
    for idx, w, side in ((48, 1.0, -1), (54, 1.0, 1), (60, 0.7, -1),
                         (64, 0.7, 1), (49, 0.5, -1), (59, 0.5, -1),
                         (53, 0.5, 1), (55, 0.5, 1)):
        off[idx, 1] += -0.10 * v * w
        off[idx, 0] += side * (0.06 * vp - 0.02 * vn) * w
    off[[68, 69], 1] += -0.07 * vp
    off[[68, 69], 0] += np.array([-0.01, 0.01]) * vp
    off[LOWER_LID, 1] += -0.02 * vp
    for idx, w, side in ((21, 1.0, 1), (22, 1.0, -1), (20, 0.5, 1),
                         (23, 0.5, -1)):
        off[idx, 1] += 0.06 * vn * w
        off[idx, 0] += side * 0.03 * vn * w
    off[[56, 57, 58, 65, 66, 67], 1] += -0.03 * vn
    # arousal (+ speech): jaw drop
    j = jaw_drop(a, talk)
    off[[65, 66, 67], 1] += j
    off[55:60, 1] += 0.9 * j
    off[[61, 62, 63], 1] += -0.05 * j
    for idx, w in (((7, 8, 9), 0.7), ((6, 10), 0.5), ((5, 11), 0.3),
                   ((4, 12), 0.15)):
        off[list(idx), 1] += w * j
    off[[48, 54, 60, 64], 1] += 0.2 * j
    # arousal: eyes and brows
    off[UPPER_LID, 1] += -(0.045 if a > 0 else 0.02) * a
    off[LOWER_LID, 1] += 0.015 * a
    off[17:27, 1] += -0.06 * a
    off *= d
    if blink > 0:
        gap = (neutral[LOWER_LID] + off[LOWER_LID]) - \
            (neutral[UPPER_LID] + off[UPPER_LID])
        off[UPPER_LID] += blink * 0.9 * gap
    return off


def rotate_head(points: np.ndarray, depth: np.ndarray, centre: np.ndarray,
                eye_dist: float, yaw: float, pitch: float, roll: float,
                shift: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """Small head rotation of ``points`` (N, 2) about ``centre``.

    Yaw and pitch (degrees) turn the points about vertical / horizontal axes
    using their ``depth`` (N,) in ``eye_dist`` units (weak perspective);
    roll (degrees) turns them in the image plane; then ``scale`` about the
    centre and a ``shift`` in pixels.
    """
    p = np.asarray(points, np.float64) - centre
    z = depth * eye_dist
    ya, pa, ra = np.deg2rad([yaw, pitch, roll])
    x = p[:, 0] * np.cos(ya) + z * np.sin(ya)
    z2 = -p[:, 0] * np.sin(ya) + z * np.cos(ya)
    y = p[:, 1] * np.cos(pa) - z2 * np.sin(pa)
    c, s = np.cos(ra), np.sin(ra)
    out = np.stack([c * x - s * y, s * x + c * y], 1) * scale
    return out + centre + np.asarray(shift, np.float64)
