"""Robust video reading and writing for face preprocessing (PyAV).

Every failure raises :class:`VideoReadError` naming the file and the problem
(missing, zero-length, not a video, no video stream, truncated), so a batch
run can report the file and carry on with the others. Frames are returned
upright: the container's display rotation (phone videos) is applied
(:mod:`.orientation`), and :func:`probe_video` reports the displayed size.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from fractions import Fraction
from typing import Iterator, Optional, Union

import numpy as np

from .orientation import (NO_ROTATION, Orientation, frame_orientation,
                          warn_if_not_applied)

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
    width: int  # displayed (after the rotation), as the frames are returned
    height: int
    rotation: Orientation = NO_ROTATION


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
        orientation = _first_orientation(container, stream)
        width, height = orientation.display_size(
            stream.codec_context.width, stream.codec_context.height)
        return VideoInfo(path, Fraction(rate), n, width, height, orientation)
    finally:
        container.close()


def _first_orientation(container, stream) -> Orientation:
    """Orientation of the first decodable frame (identity if none)."""
    try:
        for frame in container.decode(stream):
            return frame_orientation(frame, stream)
    except Exception:  # reading errors are reported by iter_frames
        pass
    return NO_ROTATION


def iter_frames(path: str, fmt: str = 'gray',
                max_frames: Optional[int] = None,
                check_complete: bool = True,
                rotate: bool = True) -> Iterator[np.ndarray]:
    """Decode the frames of ``path`` one by one, upright.

    Args:
        path: the video file.
        fmt: PyAV pixel format of the yielded arrays: ``'gray'`` (H, W),
            ``'rgb24'`` or ``'bgr24'`` (H, W, 3); uint8.
        max_frames: stop after this many frames (None: all).
        check_complete: when the whole file is read, raise if it decoded
            clearly fewer frames than the container declares (truncated).
        rotate: apply the container's display rotation (multiples of 90
            degrees; another angle is ignored with a warning).

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
        orientation = None
        try:
            for frame in container.decode(stream):
                if max_frames is not None and n >= max_frames:
                    return
                if orientation is None:
                    orientation = (frame_orientation(frame, stream)
                                   if rotate else NO_ROTATION)
                    warn_if_not_applied(path, orientation)
                yield orientation.apply(frame.to_ndarray(format=fmt))
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


# the writers live in .video_writer; kept importable from here
from .video_writer import GrayVideoWriter, Mp4Writer  # noqa: E402,F401
