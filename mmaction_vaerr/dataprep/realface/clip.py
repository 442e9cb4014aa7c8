"""One animated real-face video: labels, frames (both framings), audio.

Random streams come from ``SeedSequence([seed, salt, subject, video])``, so
a video never depends on how many others are generated.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, Sequence

import cv2
import numpy as np

from ..synthetic.audio import synthesize_audio
from ..synthetic.trajectories import (blink_signal, head_motion, talk_signal,
                                      va_trajectory)
from .expression import expression_offsets, jaw_drop, rotate_head
from ...preprocessing.framing import canvas_to_output
from .mesh import depth, head_points
from .nuisance import (add_noise, apply_lighting, blur, h264_roundtrip,
                       occluder_polygon, sample_nuisance)
from .render import render_frame
from .texture import Canvas, FaceTexture

_VIDEO_SALT = 0x5EA1


@dataclass
class RealFaceClip:
    """``frames``: framing -> (T, S, S[, 3]) uint8 (``canonical`` grey,
    ``affwild2`` RGB); ``va`` (T, 2) (arousal, valence); ``mouth_open``
    (T,) in [0, 1]; ``audio`` or None; ``info``: nuisances drawn."""

    frames: Dict[str, np.ndarray]
    va: np.ndarray
    mouth_open: np.ndarray
    audio: Optional[np.ndarray]
    info: dict
    targets: np.ndarray          # (T, 68, 2) landmarks in the canvas


def video_streams(seed: int, subject: int, video: int, n: int = 9):
    ss = np.random.SeedSequence([seed, _VIDEO_SALT, subject, video])
    return [np.random.default_rng(s) for s in ss.spawn(n)]


def animate(tex: FaceTexture, va: np.ndarray, talk: np.ndarray,
            blink: np.ndarray, rng_head: np.random.Generator, fps: float,
            canvas: Canvas, pose: bool = True) -> tuple:
    """Target landmarks (T, 68, 2) and head points (T, 97, 2) per frame."""
    t = len(va)
    arousal = va[:, 0]
    d = canvas.eye_dist
    if pose:
        shift, roll = head_motion(rng_head, arousal, fps,
                                  amplitude=2.5 * canvas.crop / 96.0)
        yp, sc = head_motion(rng_head, arousal, fps, amplitude=1.0)
        yaw, pitch, scale = 9.0 * yp[:, 0], 6.0 * yp[:, 1], 1 + 0.01 * sc
    else:
        shift, roll = np.zeros((t, 2)), np.zeros(t)
        yaw = pitch = np.zeros(t)
        scale = np.ones(t)
    base = head_points(tex.neutral)
    z = depth(tex.neutral)
    centre = tex.neutral[[36, 45, 30]].mean(0)
    lms, heads = [], []
    for i in range(t):
        off = expression_offsets(tex.neutral, arousal[i], va[i, 1],
                                 talk[i], blink[i])
        pts = base.copy()
        pts[:70] += off
        pts = rotate_head(pts, z, centre, d, yaw[i], pitch[i], roll[i],
                          shift[i], scale[i])
        heads.append(pts)
        lms.append(pts[:68])
    return np.stack(lms), np.stack(heads)


def _output(canvas_img: np.ndarray, mat: np.ndarray, size: int, sigma: float,
            scale: float) -> np.ndarray:
    if sigma >= 0.15:      # blur in output pixels, applied on the canvas
        canvas_img = blur(canvas_img, sigma / scale)
    # the canvas is larger than the output: shrink with area averaging
    k = max(1, int(np.floor(1.0 / scale)))
    if k > 1:
        canvas_img = cv2.resize(canvas_img, None, fx=1 / k, fy=1 / k,
                                interpolation=cv2.INTER_AREA)
        mat[:, :2] *= k
    return cv2.warpAffine(canvas_img, mat, (size, size),
                          flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_REFLECT)


def synthesize_clip(tex: FaceTexture, seed: int, subject: int, video: int,
                    num_frames: int = 250, fps: float = 25.0,
                    time_scale: float = 4.0, canvas: Optional[Canvas] = None,
                    outputs: Sequence[tuple] = (('canonical', 96),),
                    with_audio: bool = True, sample_rate: int = 16000,
                    voice_f0: float = 140.0, nuisances: bool = True,
                    occlusion_prob: float = 0.3,
                    warp: str = 'affine') -> RealFaceClip:
    """Render one video of ``tex`` driven by random arousal/valence.

    Args:
        tex: face texture of the subject (for this video).
        seed, subject, video: where the random streams come from.
        num_frames, fps, time_scale: length, rate, emotion speed (s).
        canvas: render canvas (default :class:`Canvas`).
        outputs: ``(framing, size)`` pairs; ``canonical`` frames are grey,
            ``affwild2`` frames RGB.
        with_audio, sample_rate, voice_f0: the audio track.
        nuisances: add lighting, blur, noise, compression, occlusion and
            head pose (off: the bare expression warp, for tests).
        occlusion_prob: probability of an occlusion event in the video.
        warp: animation method, ``'affine'`` or ``'tps'``
            (:data:`.render.WARPS`).
    """
    canvas = canvas or Canvas()
    r_va, r_blink, r_head, r_talk, r_nz, r_noise, r_audio, _, _ = \
        video_streams(seed, subject, video)
    va = va_trajectory(r_va, num_frames, fps, time_scale=time_scale)
    arousal = va[:, 0]
    blink = blink_signal(r_blink, arousal, fps)
    # speech is independent of arousal: driven at a constant arousal 0
    # (drawn over >= 8 frames: talk_signal's smoothing needs a few)
    talk = talk_signal(r_talk, np.zeros(max(num_frames, 8), np.float32),
                       fps)[:num_frames]
    lms, heads = animate(tex, va, talk, blink, r_head, fps, canvas,
                         pose=nuisances)
    nz = sample_nuisance(r_nz, num_frames, fps, occlusion_prob)
    ref = canvas.reference()
    d = canvas.eye_dist
    skin = tex.image[int(ref[30, 1]) - 4:int(ref[30, 1]) + 4,
                     int(ref[30, 0]) - 8:int(ref[30, 0]) + 8].reshape(
                         -1, 3).mean(0)
    outs = {name: [] for name, _ in outputs}
    mats = {name: canvas_to_output(ref, name, size)
            for name, size in outputs}
    for i in range(num_frames):
        occ = None
        if nuisances and nz.occluder is not None:
            occ = occluder_polygon(nz.occluder, i, lms[i, 30], d, skin)
        img = render_frame(tex, lms[i], heads[i], occ, warp=warp)
        if nuisances:
            img = apply_lighting(img, nz, i)
        for name, size in outputs:
            scale = float(np.sqrt(abs(np.linalg.det(mats[name][:, :2]))))
            sigma = float(nz.blur[i]) if nuisances else 0.0
            out = _output(img, mats[name].copy(), size, sigma, scale)
            if name == 'canonical':
                out = cv2.cvtColor(out, cv2.COLOR_RGB2GRAY)
            outs[name].append(out)
    frames = {}
    for name, _ in outputs:
        f = np.stack(outs[name])
        if nuisances:
            f = add_noise(f, nz.noise, r_noise)
            f = h264_roundtrip(f, nz.crf, fps)
        frames[name] = f
    mouth = np.clip([jaw_drop(a, s) / 0.19 for a, s in zip(arousal, talk)],
                    0, 1).astype(np.float32)
    audio = synthesize_audio(r_audio, mouth, arousal, fps, sample_rate,
                             voice_f0=voice_f0) if with_audio else None
    info = dict(texture=tex.name, persons=list(tex.persons),
                gamma=round(nz.gamma, 3), noise=round(nz.noise, 2),
                crf=nz.crf, blur=round(float(nz.blur.mean()), 2),
                warp=warp,
                occlusion=None if nz.occluder is None else
                nz.occluder['kind'])
    return RealFaceClip(frames=frames, va=va, mouth_open=mouth, audio=audio,
                        info=info, targets=lms)
