"""Write grayscale frames (+ optional mono audio) to an mp4 with PyAV.

Video: H.264 (libx264, constant quality ``crf``, deterministic output) when
PyAV's FFmpeg has it, MPEG-4 part 2 at a high bit rate otherwise; yuv420p
with neutral chroma, so any reader (decord, OpenCV, PyAV) decodes the grey
values back (+-1).
Audio: AAC, mono. Files are written under a temporary name and renamed, so
an existing output file is always complete (:mod:`.atomic`).

This writer makes the generated datasets (bit-exact from run to run, see
``mbtree=0`` below); :class:`~.mp4_writer.Mp4Writer` writes the crops of
real videos, frame by frame, with the source's audio.
"""
from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from typing import Optional

import av
import numpy as np

from .atomic import atomic_write

AUDIO_CODEC = 'aac'


@lru_cache(maxsize=None)
def pick_video_codec() -> str:
    """'libx264' when PyAV can encode it here, else 'mpeg4'."""
    for name in ('libx264', 'mpeg4'):
        try:
            av.codec.Codec(name, 'w')
            return name
        except Exception:  # noqa: BLE001 - any failure means unavailable
            continue
    raise RuntimeError('PyAV can encode neither libx264 nor mpeg4')


def _gray_to_yuv420p(gray: np.ndarray) -> np.ndarray:
    """Full-range grey (0..255) -> limited-range luma plus neutral chroma."""
    h, w = gray.shape
    y = np.rint(16.0 + gray.astype(np.float32) * (219.0 / 255.0))
    chroma = np.full((h // 2, w), 128, np.uint8)
    return np.concatenate([y.astype(np.uint8), chroma], axis=0)


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
    t, h, w = frames.shape
    if h % 2 or w % 2:
        raise ValueError(f'{path}: frame size {w}x{h} must be even')
    codec = pick_video_codec()
    with atomic_write(path, keep_ext=True) as tmp:
        _encode(tmp, frames, fps, codec, audio, sample_rate, crf, preset)
    return codec


def _encode(tmp: str, frames: np.ndarray, fps: float, codec: str,
            audio: Optional[np.ndarray], sample_rate: int, crf: int,
            preset: str) -> None:
    t, h, w = frames.shape
    rate = Fraction(fps).limit_denominator(1001)
    container = av.open(tmp, 'w', format='mp4')
    try:
        if codec == 'libx264':
            # x264's macroblock-tree rate control gave run-to-run
            # different bitstreams for identical input here; without it the
            # same frames always encode to the same bytes.
            options = {'crf': str(crf), 'preset': preset, 'g': '25',
                       'x264-params': 'mbtree=0'}
        else:
            options = {'g': '25', 'b': '2000k'}
        vs = container.add_stream(codec, rate=rate, options=options)
        vs.width, vs.height, vs.pix_fmt = w, h, 'yuv420p'
        vs.codec_context.thread_count = 1   # deterministic, cheap at 96x96
        astream = None
        if audio is not None:
            astream = container.add_stream(AUDIO_CODEC, rate=sample_rate,
                                           layout='mono')
            audio = np.asarray(audio, dtype=np.float32).reshape(-1)
        chunk = 1024
        a_pos = 0
        for i in range(t):
            vf = av.VideoFrame.from_ndarray(_gray_to_yuv420p(frames[i]),
                                            format='yuv420p')
            vf.pts = i
            container.mux(vs.encode(vf))
            # Interleave: audio up to the end of this video frame.
            if astream is None:
                continue
            a_end = len(audio) if i == t - 1 else \
                int(round((i + 1) * sample_rate / float(fps)))
            while a_pos < a_end:
                piece = audio[a_pos:min(a_pos + chunk, a_end)]
                if len(piece) < chunk and i < t - 1:
                    break                   # wait for a full AAC frame
                af = av.AudioFrame.from_ndarray(piece[None], format='fltp',
                                                layout='mono')
                af.sample_rate = sample_rate
                af.pts = a_pos
                container.mux(astream.encode(af))
                a_pos += len(piece)
        container.mux(vs.encode())
        if astream is not None:
            container.mux(astream.encode())
    finally:
        container.close()
