"""Atomic H.264 mp4 writers (PyAV), optionally carrying a source's audio.

Frames go to a temporary file in the same folder, ``<path>.tmp<pid>``,
renamed to ``path`` only after the last frame, so an interrupted or failed
write (a full disk, a killed run) never leaves a file that looks finished,
and never touches an existing ``path``. Any error removes the temporary file.
"""
from __future__ import annotations

import os
from fractions import Fraction
from typing import Dict, Optional, Union

import numpy as np

from .atomic import discard, temp_name
from .audio_mux import AudioCopier


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
    """

    input_format = 'gray'

    def __init__(self, path: str, fps: Union[float, Fraction],
                 crf: int = 18, metadata: Optional[Dict[str, str]] = None,
                 audio_from: Optional[str] = None,
                 rename: bool = True) -> None:
        import av
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        self.path = path
        self.tmp = temp_name(path)
        self.fps = Fraction(fps).limit_denominator(100000)
        self.rename = rename
        self._container = av.open(self.tmp, 'w', format='mp4')
        try:
            for key, value in (metadata or {}).items():
                self._container.metadata[key] = value
            codec = 'libx264' if 'libx264' in av.codecs_available \
                else 'mpeg4'
            self._stream = self._container.add_stream(codec, rate=self.fps)
            self._stream.pix_fmt = 'yuv420p'
            if codec == 'libx264':
                self._stream.options = {'crf': str(crf),
                                        'preset': 'veryfast'}
            # streams must exist before the first packet is muxed
            self.audio = (AudioCopier(audio_from, self._container)
                          if audio_from else None)
        except BaseException:
            self.abort()
            raise
        self._size = None
        self.frames = 0

    def prepare(self, frame: np.ndarray) -> np.ndarray:
        """Check (and adapt) one frame before encoding; returns it."""
        return frame

    def write(self, frame: np.ndarray) -> None:
        import av
        frame = self.prepare(frame)
        if self._size is None:
            self._size = frame.shape[:2]
            self._stream.height, self._stream.width = self._size
        elif frame.shape[:2] != self._size:
            raise ValueError(f'{self.path}: frame size changed from '
                             f'{self._size} to {frame.shape[:2]}')
        vf = av.VideoFrame.from_ndarray(np.ascontiguousarray(frame),
                                        format=self.input_format)
        for packet in self._stream.encode(vf):
            self._container.mux(packet)
        self.frames += 1

    def close(self) -> None:
        """Flush the encoders and move the file to its final name."""
        if self.frames == 0:
            self.abort()
            raise ValueError(f'{self.path}: no frames were written')
        try:
            for packet in self._stream.encode():
                self._container.mux(packet)
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


class GrayVideoWriter(Mp4Writer):
    """:class:`Mp4Writer` of (H, W) uint8 grayscale frames of one size
    (the aligned face crops)."""

    input_format = 'gray'

    def prepare(self, frame: np.ndarray) -> np.ndarray:
        if frame.ndim != 2 or frame.dtype != np.uint8:
            raise ValueError(f'expected (H, W) uint8 frame, got '
                             f'{frame.shape} {frame.dtype}')
        return frame


class ColorVideoWriter(Mp4Writer):
    """:class:`Mp4Writer` of BGR uint8 frames; odd sides are cropped by one
    pixel (yuv420p needs even sides).

    Args:
        path: output ``.mp4`` path.
        fps: frame rate (keep the input's so frames stay in step).
        crf: x264 quality (lower is better).
    """

    input_format = 'bgr24'

    def __init__(self, path: str, fps: Union[float, Fraction],
                 crf: int = 23) -> None:
        super().__init__(path, fps, crf=crf)

    def prepare(self, frame: np.ndarray) -> np.ndarray:
        h, w = frame.shape[:2]
        return frame[:h - h % 2, :w - w % 2]
