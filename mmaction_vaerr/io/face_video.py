"""Write grayscale face frames (+ optional mono audio) to an mp4.

The generated datasets' writer: :class:`~.mp4_writer.Mp4Writer` in its
deterministic mode (the same frames and audio always give the same bytes),
with the grey values written as limited-range luma and neutral chroma, so
any reader (decord, OpenCV, PyAV) decodes them back (+-1). The file is
written under a temporary name and renamed, so an existing output file is
always complete.
"""
from __future__ import annotations

from typing import Optional

import numpy as np

from .mp4_writer import AUDIO_CODEC, pick_video_codec
from .video_writers import FaceVideoWriter, gray_to_yuv420p

__all__ = ['AUDIO_CODEC', 'FaceVideoWriter', 'gray_to_yuv420p',
           'pick_video_codec', 'write_face_video']


def write_face_video(path: str, frames: np.ndarray, fps: float,
                     audio: Optional[np.ndarray] = None,
                     sample_rate: int = 16000, crf: int = 12,
                     preset: str = 'faster') -> str:
    """Encode (T, H, W) uint8 frames (and audio) to ``path`` atomically.

    Args:
        path: output ``.mp4``.
        frames: (T, H, W) uint8 grayscale frames, H and W even.
        fps: frame rate.
        audio: optional (N,) float32 mono waveform in [-1, 1].
        sample_rate: audio sample rate in Hz.
        crf: libx264 constant rate factor (lower = better; 0 = lossless).
        preset: libx264 speed preset (quality at a given ``crf`` hardly
            changes; slower presets make smaller files).

    Returns:
        The video codec used.
    """
    frames = np.asarray(frames)
    if frames.ndim != 3 or frames.dtype != np.uint8:
        raise ValueError(f'{path}: frames must be (T, H, W) uint8, got '
                         f'{frames.shape} {frames.dtype}')
    with FaceVideoWriter(path, fps, crf=crf, preset=preset,
                         deterministic=True, audio=audio,
                         sample_rate=sample_rate) as writer:
        for frame in frames:
            writer.write(frame)
    return writer.codec
