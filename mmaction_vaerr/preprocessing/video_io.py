"""Robust video reading and writing for face preprocessing (PyAV).

Every failure raises :class:`VideoReadError` naming the file and the problem
(missing, zero-length, not a video, no video stream, truncated), so a batch
run can report the file and carry on with the others.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from fractions import Fraction
from typing import Iterator, Optional, Union

import numpy as np

# A container may declare a few more frames than it decodes (edit lists,
# dropped B-frames); fewer than this fraction of the declared count (and more
# than ``_TRUNCATION_SLACK`` frames missing) means the file was cut short.
_TRUNCATION_RATIO = 0.9
_TRUNCATION_SLACK = 5


class VideoReadError(RuntimeError):
    """A video file cannot be (fully) read.

    Args:
        path: the file.
        problem: what is wrong with it.
    """

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f'{path}: {problem}')
        self.path = path
        self.problem = problem


@dataclass
class VideoInfo:
    """What the container declares about its first video stream."""

    path: str
    fps: Fraction
    num_frames: int  # declared (0 when the container does not say)
    width: int
    height: int


def _open(path: str):
    import av
    if not os.path.isfile(path):
        raise VideoReadError(path, 'file not found')
    if os.path.getsize(path) == 0:
        raise VideoReadError(path, 'zero-length file')
    try:
        container = av.open(path)
    except Exception as e:  # PyAV raises several error classes here
        why = getattr(e, 'strerror', None) or str(e)
        raise VideoReadError(
            path, f'not a readable video ({why}); the file may be '
                  'truncated or corrupt') from None
    if not container.streams.video:
        container.close()
        raise VideoReadError(path, 'contains no video stream')
    return container


def probe_video(path: str) -> VideoInfo:
    """Read the frame rate, declared frame count and size of ``path``.

    Raises:
        VideoReadError: the file is missing, empty, unreadable or has no
            video stream.
    """
    container = _open(path)
    try:
        stream = container.streams.video[0]
        rate = stream.average_rate or stream.guessed_rate or stream.base_rate
        if not rate or rate <= 0:
            raise VideoReadError(path, 'video stream has no frame rate')
        n = int(stream.frames or 0)
        if n == 0 and stream.duration and stream.time_base:
            n = int(round(float(stream.duration * stream.time_base * rate)))
        width = stream.codec_context.width
        height = stream.codec_context.height
        return VideoInfo(path, Fraction(rate), n, width, height)
    finally:
        container.close()


def iter_frames(path: str, fmt: str = 'gray',
                max_frames: Optional[int] = None,
                check_complete: bool = True) -> Iterator[np.ndarray]:
    """Decode the frames of ``path`` one by one.

    Args:
        path: the video file.
        fmt: PyAV pixel format of the yielded arrays: ``'gray'`` (H, W),
            ``'rgb24'`` or ``'bgr24'`` (H, W, 3); uint8.
        max_frames: stop after this many frames (None: all).
        check_complete: when the whole file is read, raise if it decoded
            clearly fewer frames than the container declares (truncated).

    Raises:
        VideoReadError: unreadable file, decoding error (with the frame
            index), zero decodable frames, or a truncated file.
    """
    container = _open(path)
    n = 0
    try:
        stream = container.streams.video[0]
        stream.thread_type = 'AUTO'
        declared = int(stream.frames or 0)
        try:
            for frame in container.decode(stream):
                if max_frames is not None and n >= max_frames:
                    return
                yield frame.to_ndarray(format=fmt)
                n += 1
        except VideoReadError:
            raise
        except Exception as e:
            raise VideoReadError(
                path, f'decoding failed at frame {n} ({type(e).__name__}: '
                      f'{e}); the file may be truncated or corrupt') from None
        if n == 0:
            raise VideoReadError(path, 'no decodable video frames')
        if (check_complete and declared
                and n < _TRUNCATION_RATIO * declared
                and declared - n > _TRUNCATION_SLACK):
            raise VideoReadError(
                path, f'truncated: decoded {n} of {declared} declared frames')
    finally:
        container.close()


def count_frames(path: str) -> int:
    """Decode ``path`` completely and return its number of frames."""
    return sum(1 for _ in iter_frames(path, 'gray'))


class Mp4Writer:
    """Write uint8 frames to an H.264 (yuv420p) mp4, atomically.

    Frames go to a temporary file in the same folder that is renamed to
    ``path`` only by :meth:`close` after the last frame, so an interrupted
    write never leaves a file that looks finished. Subclasses set
    ``input_format`` (a PyAV pixel format) and check frames in
    :meth:`prepare`.

    Args:
        path: output ``.mp4`` path (parent folders are created).
        fps: frame rate (keep the input's, so labels stay frame-aligned).
        crf: x264 constant rate factor (lower = higher quality).
    """

    input_format = 'gray'

    def __init__(self, path: str, fps: Union[float, Fraction],
                 crf: int = 18) -> None:
        import av
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        self.path = path
        self.tmp = f'{path}.tmp{os.getpid()}'
        self._container = av.open(self.tmp, 'w', format='mp4')
        codec = 'libx264' if 'libx264' in av.codecs_available else 'mpeg4'
        self._stream = self._container.add_stream(
            codec, rate=Fraction(fps).limit_denominator(100000))
        self._stream.pix_fmt = 'yuv420p'
        if codec == 'libx264':
            self._stream.options = {'crf': str(crf), 'preset': 'veryfast'}
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
        """Flush the encoder and move the file to its final name."""
        if self.frames == 0:
            self.abort()
            raise ValueError(f'{self.path}: no frames were written')
        for packet in self._stream.encode():
            self._container.mux(packet)
        self._container.close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        """Drop the partial file."""
        try:
            self._container.close()
        except Exception:
            pass
        if os.path.exists(self.tmp):
            os.remove(self.tmp)

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
