"""Display orientation of a video stream (phone videos) and how to apply it.

Phones store the picture as the sensor saw it and add a *display matrix*
(``AV_FRAME_DATA_DISPLAYMATRIX`` side data; the ``tkhd`` matrix of mp4/mov)
that tells players to rotate, and sometimes mirror, it. Faces in such a
stored picture lie on their side, so they must be turned upright before
detection. PyAV exposes the matrix as frame side data (PyAV >= 13); older
versions put a ``rotate`` tag (clockwise degrees) in the stream metadata,
which is the fallback here.

The matrix is the 3x3 int32 (16.16 fixed point) matrix of FFmpeg's
``libavutil/display.h``. Its 2x2 part ``[[a, b], [c, d]]`` is a rotation,
preceded by a horizontal mirror when its determinant is negative; the
counter-clockwise angle is ``-atan2(b, a)`` (``av_display_rotation_get``).
The displayed picture is ``rot90(stored, angle / 90)``, then mirrored left
to right when flagged, which is what the ``ffmpeg`` command line shows.
Only multiples of 90 degrees can be applied without resampling; another
angle is reported with a warning and the frames are used as stored.
"""
from __future__ import annotations

import math
import warnings
from typing import NamedTuple, Optional

import numpy as np


class Orientation(NamedTuple):
    """How to turn stored frames into displayed frames.

    Attributes:
        quarter_turns: counter-clockwise quarter turns (0-3) to apply.
        hflip: mirror left-right after the turns.
        degrees: the container's counter-clockwise angle (may be any value;
            ``quarter_turns`` is 0 when it is not a multiple of 90).
    """

    quarter_turns: int = 0
    hflip: bool = False
    degrees: float = 0.0

    @property
    def identity(self) -> bool:
        return self.quarter_turns == 0 and not self.hflip

    @property
    def right_angle(self) -> bool:
        """Whether ``degrees`` is a multiple of 90 (so it was applied)."""
        return abs(self.degrees / 90.0 - round(self.degrees / 90.0)) < 1e-2

    def display_size(self, width: int, height: int):
        """``(width, height)`` of the displayed frame."""
        return (height, width) if self.quarter_turns % 2 else (width, height)

    def apply(self, image: np.ndarray) -> np.ndarray:
        """Turn one stored (H, W[, C]) frame upright (a contiguous array)."""
        if self.identity:
            return image
        if self.quarter_turns:
            image = np.rot90(image, self.quarter_turns)
        if self.hflip:
            image = image[:, ::-1]
        return np.ascontiguousarray(image)


NO_ROTATION = Orientation()


def _from_angle(degrees: float, hflip: bool) -> Orientation:
    quarters = round(degrees / 90.0)
    turns = quarters % 4 if abs(degrees / 90.0 - quarters) < 1e-2 else 0
    return Orientation(int(turns), bool(hflip), float(degrees))


def orientation_from_matrix(matrix) -> Orientation:
    """:class:`Orientation` of a 9-value FFmpeg display matrix."""
    m = np.asarray(matrix, np.float64).reshape(9)
    a, b, c, d = m[0], m[1], m[3], m[4]
    hflip = a * d - b * c < 0
    if hflip:  # undo the mirror (it negates the first column)
        a, c = -a, -c
    return _from_angle(-math.degrees(math.atan2(b, a)), hflip)


def frame_orientation(frame, stream=None) -> Orientation:
    """Orientation of a decoded PyAV frame (its display matrix side data,
    else the ``rotate`` tag of ``stream``'s metadata)."""
    side = getattr(frame, 'side_data', None)
    if side is not None:
        for item in side:
            if 'DISPLAYMATRIX' in str(getattr(item, 'type', '')):
                raw = np.frombuffer(bytes(item), np.int32)
                if raw.size == 9:
                    return orientation_from_matrix(raw)
    tag = (stream.metadata or {}).get('rotate') if stream is not None \
        else None
    if tag:
        try:
            return _from_angle(-float(tag), False)  # tag is clockwise
        except ValueError:
            pass
    return NO_ROTATION


def warn_if_not_applied(path: str, orientation: Orientation,
                        warned: Optional[set] = None) -> None:
    """Warn (once per file) that a non-right-angle rotation is ignored."""
    if orientation.right_angle:
        return
    if warned is not None:
        if path in warned:
            return
        warned.add(path)
    warnings.warn(
        f'{path}: the container asks for a display rotation of '
        f'{orientation.degrees:.1f} degrees, which is not a multiple of 90; '
        'it is NOT applied and the frames are used as stored (faces may be '
        'tilted and harder to find). Re-encode the video upright to fix it.',
        stacklevel=3)
