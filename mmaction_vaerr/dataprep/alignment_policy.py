"""What to do when labels and video disagree on the number of frames.

Policy (:class:`FrameCountPolicy`), for ``L`` label frames and ``V`` video
frames, both starting at frame 0:

* ``L == V``: nothing to do.
* ``|L - V| <= tolerance``: the labels are cut to ``V`` frames (extra
  trailing labels dropped) or padded with *invalid* frames up to ``V``; a
  warning names the files and both counts. Frame 0 of the labels stays
  frame 0 of the video: labels are never shifted.
* otherwise: :class:`ValueError` naming both files and both counts (a wrong
  frame rate or a mismatched file is far more likely than a few missing
  frames, and guessing would silently misalign every label).

``tolerance = max(max_abs_frames, floor(max_ratio * V))``; the defaults
(2 frames or 2 % of the video) absorb rounding of durations and the last
partial label period, but not a wrong frame rate (25 vs 30 fps is 20 %).
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import Optional

import numpy as np

from ..datasets.va_annotation import VAAnnotation

logger = logging.getLogger(__name__)


def fit_length(arr: np.ndarray, n: int, fill: float = 0) -> np.ndarray:
    """Cut or pad ``arr`` to ``n`` rows, padding with ``fill``."""
    arr = np.asarray(arr)
    if len(arr) >= n:
        return arr[:n]
    pad = np.full((n - len(arr), ) + arr.shape[1:], fill, dtype=arr.dtype)
    return np.concatenate([arr, pad], axis=0)


@dataclass(frozen=True)
class FrameCountPolicy:
    """Tolerance for label/video frame-count mismatches (see module doc).

    Args:
        max_abs_frames: mismatch always tolerated, in frames.
        max_ratio: mismatch tolerated as a fraction of the video's frames.
    """

    max_abs_frames: int = 2
    max_ratio: float = 0.02

    def __post_init__(self) -> None:
        if self.max_abs_frames < 0 or self.max_ratio < 0:
            raise ValueError('tolerances must be non-negative, got '
                             f'{self.max_abs_frames}, {self.max_ratio}')

    def tolerance(self, video_frames: int) -> int:
        """Largest tolerated ``|L - V|`` for a video of ``video_frames``."""
        return max(self.max_abs_frames,
                   int(math.floor(self.max_ratio * video_frames)))

    def check(self, label_frames: int, video_frames: int, label_file: str,
              video_file: Optional[str] = None) -> int:
        """Validate the counts and return the frame count to use (``V``).

        Raises:
            ValueError: when the mismatch exceeds the tolerance.
        """
        diff = label_frames - video_frames
        if diff == 0:
            return video_frames
        video = video_file or 'the video'
        tol = self.tolerance(video_frames)
        if abs(diff) > tol:
            raise ValueError(
                f'{label_file}: labels cover {label_frames} frames but '
                f'{video} has {video_frames} frames (difference {diff:+d}, '
                f'tolerance {tol}); refusing to align them. Check the frame '
                'rate and that the files belong together, or raise the '
                'tolerance (max_abs_frames / max_ratio).')
        action = (f'dropping the last {diff} label frame(s)' if diff > 0 else
                  f'marking the last {-diff} frame(s) invalid')
        logger.warning('%s: %d label frames vs %d frames in %s: %s',
                       label_file, label_frames, video_frames, video, action)
        return video_frames

    def align(self, ann: VAAnnotation, video_frames: int, label_file: str,
              video_file: Optional[str] = None) -> VAAnnotation:
        """Return ``ann`` cut, or padded with invalid frames, to ``V``."""
        n = self.check(len(ann), video_frames, label_file, video_file)
        if n == len(ann):
            return ann
        return VAAnnotation(
            arousal=fit_length(ann.arousal, n),
            valence=fit_length(ann.valence, n),
            valid=fit_length(ann.valid, n, fill=False),
            fps=ann.fps, extra=dict(ann.extra))
