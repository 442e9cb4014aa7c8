"""One synthetic video (labels, frames, audio) from (seed, subject, video).

Random streams are derived with :class:`numpy.random.SeedSequence` from
``(seed, subject)`` for the identity and ``(seed, subject, video)`` for the
video, so a clip never depends on how many other subjects or videos are
generated, and switching audio on or off leaves the frames unchanged.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence, Tuple, Union

import numpy as np

from .audio import synthesize_audio
from .face_renderer import render_face
from .facs import face_labels
from .identity import FaceIdentity, mouth_opening, sample_identity
from .trajectories import blink_signal, head_motion, talk_signal, \
    va_trajectory

FrameCount = Union[int, Sequence[int]]
_IDENTITY_SALT = 0x1D
_VIDEO_SALT = 0x71D


def subject_identity(seed: int, subject: int) -> FaceIdentity:
    """The face of subject number ``subject`` for a dataset ``seed``."""
    return sample_identity(np.random.default_rng(
        np.random.SeedSequence([seed, _IDENTITY_SALT, subject])))


def _video_streams(seed: int, subject: int, video: int, n: int):
    ss = np.random.SeedSequence([seed, _VIDEO_SALT, subject, video])
    return [np.random.default_rng(s) for s in ss.spawn(n)]


def clip_length(seed: int, subject: int, video: int,
                num_frames: FrameCount) -> int:
    """Frame count of a clip: ``num_frames`` or drawn from ``(min, max)``."""
    if np.isscalar(num_frames):
        n = int(num_frames)
    else:
        lo, hi = (int(x) for x in num_frames)
        if lo > hi:
            raise ValueError(f'num_frames range ({lo}, {hi}) is reversed')
        n = int(_video_streams(seed, subject, video, 1)[0].integers(
            lo, hi + 1))
    if n < 2:
        raise ValueError(f'a clip needs at least 2 frames, got {n}')
    return n


@dataclass
class SyntheticClip:
    """Frames (T, H, W) uint8, labels (T, 2) (arousal, valence), per-frame
    mouth opening (T,), the audio waveform (or None), and the action units
    (T, 12) / expression ids (T,) of the drawn face (:mod:`.facs`)."""

    frames: np.ndarray
    va: np.ndarray
    mouth_open: np.ndarray
    audio: Optional[np.ndarray]
    au: Optional[np.ndarray] = None
    expr: Optional[np.ndarray] = None


def synthesize_clip(seed: int, subject: int, video: int,
                    num_frames: FrameCount = 250, fps: float = 25.0,
                    size: int = 96, time_scale: float = 4.0,
                    with_audio: bool = True,
                    sample_rate: int = 16000) -> SyntheticClip:
    """Render one clip of subject ``subject`` (0-based) and video ``video``.

    Args:
        seed: dataset seed.
        subject: subject index.
        video: video index within the subject.
        num_frames: frame count, or a ``(min, max)`` range (inclusive).
        fps: frame rate.
        size: side of the square frames.
        time_scale: seconds; speed of the emotion trajectories.
        with_audio: also synthesise the audio track.
        sample_rate: audio sample rate.
    """
    idt = subject_identity(seed, subject)
    t = clip_length(seed, subject, video, num_frames)
    _, r_va, r_blink, r_head, r_talk, r_noise, r_audio = _video_streams(
        seed, subject, video, 7)
    va = va_trajectory(r_va, t, fps, time_scale=time_scale)
    arousal, valence = va[:, 0], va[:, 1]
    blink = blink_signal(r_blink, arousal, fps)
    offsets, tilt = head_motion(r_head, arousal, fps,
                                amplitude=idt.head_amplitude)
    talk = talk_signal(r_talk, arousal, fps)
    frames = np.stack([
        render_face(idt, float(arousal[i]), float(valence[i]),
                    blink=float(blink[i]), head_offset=offsets[i],
                    tilt=float(tilt[i]), talk=float(talk[i]), size=size,
                    rng=r_noise) for i in range(t)])
    mouth = mouth_opening(idt, arousal, talk).astype(np.float32)
    audio = None
    if with_audio:
        audio = synthesize_audio(r_audio, mouth, arousal, fps,
                                 sample_rate=sample_rate,
                                 voice_f0=idt.voice_f0)
    au, expr = face_labels(idt, arousal, valence, talk)
    return SyntheticClip(frames=frames, va=va, mouth_open=mouth, audio=audio,
                         au=au, expr=expr)


def frame_stats(frames: np.ndarray) -> Tuple[float, float, int]:
    """(sum, sum of squares, count) of pixels scaled to [0, 1]."""
    x = frames.astype(np.float64) / 255.0
    return float(x.sum()), float((x * x).sum()), int(x.size)
