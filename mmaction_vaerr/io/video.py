"""Robust video reading (PyAV; decord for fast frame counts).

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
from typing import Iterator, Optional

import numpy as np

from .orientation import (NO_ROTATION, Orientation, frame_orientation,
                          warn_if_not_applied)

# A container may declare a few more frames than it decodes (edit lists,
# dropped B-frames); fewer than this fraction of the declared count (and more
# than ``_TRUNCATION_SLACK`` frames missing) means the file was cut short.
_TRUNCATION_RATIO = 0.9
_TRUNCATION_SLACK = 5


class VideoReadError(RuntimeError, ValueError):
    """A video file cannot be (fully) read.

    A ``RuntimeError`` for the readers of decoded frames and a
    ``ValueError`` for the label converters (bad input); a missing file
    raises the subclass :class:`VideoNotFoundError`.

    Args:
        path: the file.
        problem: what is wrong with it.
    """

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f'{path}: {problem}')
        self.path = path
        self.problem = problem


class VideoNotFoundError(VideoReadError, FileNotFoundError):
    """The video file does not exist."""


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
        raise VideoNotFoundError(path, 'file not found')
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


def probe_video(path: str, count: str = 'declared') -> VideoInfo:
    """Read the frame rate, frame count and displayed size of ``path``.

    Args:
        path: the video file.
        count: ``'declared'``: ``num_frames`` is what the container header
            says (0 when it does not say; nothing is decoded but the first
            frame). ``'decoded'``: the number of frames a reader returns
            (decord's frame index when decord opens the file, else every
            frame decoded with PyAV); label converters align labels to it.

    Raises:
        VideoReadError: the file is missing, empty, unreadable, has no
            video stream (or, with ``'decoded'``, no frame).
    """
    if count not in ('declared', 'decoded'):
        raise ValueError(f"count must be 'declared' or 'decoded', got "
                         f'{count!r}')
    info = _probe_header(path)
    if count == 'decoded':
        info.num_frames = _decoded_count(path)
    return info


def _decoded_count(path: str) -> int:
    try:
        import decord
        reader = decord.VideoReader(path, num_threads=1)
        n = len(reader)
        del reader
        if n > 0:
            return n
    except Exception:  # noqa: BLE001 - any decord failure -> count in PyAV
        pass
    n = sum(1 for _ in iter_frames(path, 'gray', check_complete=False,
                                   rotate=False))
    return n


def _probe_header(path: str) -> VideoInfo:
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


def count_frames(path: str, decode: bool = True) -> int:
    """The number of frames of ``path``.

    Args:
        path: the video file.
        decode: True: decode the whole file with PyAV (exact; raises
            :class:`VideoReadError` on a truncated file). False: the
            container header's count read with OpenCV (cheap enough to call
            per sample in a data loader), counting by decoding only when the
            header does not say.

    Raises:
        VideoReadError: (``decode=True``) the file cannot be fully read.
        OSError: (``decode=False``) OpenCV cannot open it or finds no frame.
    """
    if decode:
        return sum(1 for _ in iter_frames(path, 'gray'))
    import cv2
    cap = cv2.VideoCapture(path)
    if not cap.isOpened():
        raise IOError(f'{path}: cannot open video')
    n = int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
    if n <= 0:
        n = 0
        while cap.grab():
            n += 1
    cap.release()
    if n <= 0:
        raise IOError(f'{path}: video has no frames')
    return n

