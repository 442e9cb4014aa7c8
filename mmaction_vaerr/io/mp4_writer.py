"""The project's one mp4 writer (PyAV): H.264 frames, optional audio.

Frames go to a temporary file in the same folder, ``<path>.tmp<pid>``,
renamed to ``path`` only after the last frame, so an interrupted or failed
write (a full disk, a killed run) never leaves a file that looks finished,
and never touches an existing ``path``. Any error removes the temporary file.

Video: libx264 at constant quality ``crf`` when PyAV's FFmpeg has it, else
MPEG-4 part 2 at 2 Mbit/s; yuv420p. ``deterministic=True`` makes the same
frames encode to the same bytes (one encoder thread, no macroblock-tree
rate control), which the generated datasets need. Audio: a copy of a
source file's track (``audio_from``) or a mono waveform (``audio``),
AAC-encoded and interleaved with the frames.
"""
from __future__ import annotations

import os
from fractions import Fraction
from functools import lru_cache
from typing import Dict, Optional, Union

import numpy as np

from .atomic import discard, temp_name
from .audio_mux import AudioCopier

AUDIO_CODEC = 'aac'
AUDIO_CHUNK = 1024          # samples per AAC frame


@lru_cache(maxsize=None)
def pick_video_codec() -> str:
    """'libx264' when PyAV can encode it here, else 'mpeg4'."""
    import av
    for name in ('libx264', 'mpeg4'):
        try:
            av.codec.Codec(name, 'w')
            return name
        except Exception:  # noqa: BLE001 - any failure means unavailable
            continue
    raise RuntimeError('PyAV can encode neither libx264 nor mpeg4')


def codec_options(codec: str, crf: int, preset: str,
                  deterministic: bool) -> Dict[str, str]:
    """Encoder options of ``codec`` (see the module docstring)."""
    if codec != 'libx264':
        return {'g': '25', 'b': '2000k'}
    options = {'crf': str(crf), 'preset': preset}
    if deterministic:
        # x264's macroblock-tree rate control gave run-to-run different
        # bitstreams for identical input; without it the bytes repeat
        options.update({'g': '25', 'x264-params': 'mbtree=0'})
    return options


class Mp4Writer:
    """Write uint8 frames to an H.264 (yuv420p) mp4, atomically.

    Subclasses set ``input_format`` (a PyAV pixel format) and check frames
    in :meth:`prepare`.

    Args:
        path: output ``.mp4`` path (parent folders are created).
        fps: frame rate (keep the input's, so labels stay frame-aligned).
        crf: x264 constant rate factor (lower = higher quality).
        metadata: container tags (e.g. ``comment``).
        audio_from: copy this file's first audio stream, cut to the span of
            the written frames (see :class:`AudioCopier`); None: no audio.
        rename: move the file to ``path`` in :meth:`close`; False leaves it
            at :attr:`tmp` for the caller to commit with other files.
        preset: x264 speed preset.
        deterministic: the same frames give the same bytes (one thread).
        audio: (N,) float32 mono waveform in [-1, 1] to encode beside the
            frames (exclusive with ``audio_from``).
        sample_rate: ``audio``'s sample rate in Hz.
    """

    input_format = 'gray'

    def __init__(self, path: str, fps: Union[float, Fraction],
                 crf: int = 18, metadata: Optional[Dict[str, str]] = None,
                 audio_from: Optional[str] = None,
                 rename: bool = True, preset: str = 'veryfast',
                 deterministic: bool = False,
                 audio: Optional[np.ndarray] = None,
                 sample_rate: int = 16000) -> None:
        import av
        if audio is not None and audio_from:
            raise ValueError(f'{path}: give audio or audio_from, not both')
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        self.path = path
        self.tmp = temp_name(path)
        self.fps = Fraction(fps).limit_denominator(100000)
        self.rename = rename
        self._container = av.open(self.tmp, 'w', format='mp4')
        try:
            for key, value in (metadata or {}).items():
                self._container.metadata[key] = value
            self.codec = pick_video_codec()
            self._stream = self._container.add_stream(
                self.codec, rate=self.fps, options=codec_options(
                    self.codec, crf, preset, deterministic))
            self._stream.pix_fmt = 'yuv420p'
            if deterministic:
                self._stream.codec_context.thread_count = 1
            # streams must exist before the first packet is muxed
            self.audio = (AudioCopier(audio_from, self._container)
                          if audio_from else None)
            self._wave, self._sr, self._astream = None, sample_rate, None
            if audio is not None:
                self._wave = np.asarray(audio, np.float32).reshape(-1)
                self._astream = self._container.add_stream(
                    AUDIO_CODEC, rate=sample_rate, layout='mono')
                self._a_pos = 0
        except BaseException:
            self.abort()
            raise
        self._size = None
        self.frames = 0

    def prepare(self, frame: np.ndarray) -> np.ndarray:
        """Check (and adapt) one frame before encoding; returns it."""
        return frame

    @staticmethod
    def frame_size(prepared: np.ndarray) -> tuple:
        """(H, W) of a frame as :meth:`prepare` returns it."""
        return prepared.shape[:2]

    def write(self, frame: np.ndarray) -> None:
        import av
        frame = self.prepare(frame)
        size = tuple(self.frame_size(frame))
        if self._size is None:
            self._size = size
            self._stream.height, self._stream.width = self._size
        elif size != self._size:
            raise ValueError(f'{self.path}: frame size changed from '
                             f'{self._size} to {size}')
        vf = av.VideoFrame.from_ndarray(np.ascontiguousarray(frame),
                                        format=self.input_format)
        vf.pts = self.frames
        for packet in self._stream.encode(vf):
            self._container.mux(packet)
        self.frames += 1
        if self._astream is not None:   # audio up to the end of this frame
            self._write_wave(int(round(self.frames * self._sr /
                                       float(self.fps))), whole=False)

    def _write_wave(self, end: int, whole: bool) -> None:
        """Encode ``audio`` up to sample ``end`` in AAC-sized pieces; a
        shorter last piece only when ``whole`` (the end of the file)."""
        import av
        end = min(end, len(self._wave))
        while self._a_pos < end:
            piece = self._wave[self._a_pos:min(self._a_pos + AUDIO_CHUNK,
                                               end)]
            if len(piece) < AUDIO_CHUNK and not whole:
                break                   # wait for a full AAC frame
            af = av.AudioFrame.from_ndarray(piece[None], format='fltp',
                                            layout='mono')
            af.sample_rate = self._sr
            af.pts = self._a_pos
            self._container.mux(self._astream.encode(af))
            self._a_pos += len(piece)

    def close(self) -> None:
        """Flush the encoders and move the file to its final name."""
        if self.frames == 0:
            self.abort()
            raise ValueError(f'{self.path}: no frames were written')
        try:
            if self._astream is not None:
                self._write_wave(len(self._wave), whole=True)
            for packet in self._stream.encode():
                self._container.mux(packet)
            if self._astream is not None:
                self._container.mux(self._astream.encode())
            if self.audio is not None:
                self.audio.write(self.frames / float(self.fps))
            self._container.close()
            if self.rename:
                os.replace(self.tmp, self.path)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Drop the partial file."""
        try:
            self._container.close()
        except Exception:
            pass
        discard(self.tmp)

    def __enter__(self) -> 'Mp4Writer':
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()
