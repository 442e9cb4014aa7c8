"""What :class:`SampleSegment` and :class:`SampleFrameSegment` share: the
video/label length check, the segment's frame indices and the mmaction2
sampling keys."""
from __future__ import annotations

from typing import Dict, Optional

import numpy as np


def checked_length(results: Dict, n_lab: int, max_mismatch: float,
                   hint: str = '') -> int:
    """Frames both the video and the labels have.

    Raises:
        ValueError: the lengths differ by more than ``max_mismatch`` (a
            fraction of the label frames); names the file.
    """
    n_vid = int(results.get('total_frames', n_lab))
    if abs(n_vid - n_lab) > max_mismatch * max(n_lab, 1):
        src = results.get('filename', results.get('frame_dir', '?'))
        raise ValueError(f'{src}: video has {n_vid} frames but its labels '
                         f'have {n_lab}{hint}')
    return min(n_vid, n_lab)


def segment_indices(n_lab: int, clip_len: Optional[int], whole: int
                    ) -> np.ndarray:
    """Label-frame indices of one segment: ``arange(whole)`` when
    ``clip_len`` is None, a random window of ``clip_len`` frames, or
    ``arange(clip_len)`` (past the end: padding) for a short video."""
    if clip_len is None:
        return np.arange(whole)
    if n_lab >= clip_len:
        start = np.random.randint(0, n_lab - clip_len + 1)
        return start + np.arange(clip_len)
    return np.arange(clip_len)


def set_sampling_keys(results: Dict, inds: np.ndarray, n: int) -> None:
    """``frame_inds`` (frames past the decodable ``n`` repeat the last one;
    they are masked), ``clip_len``, ``num_clips`` and ``frame_interval``."""
    frame_inds = np.minimum(inds, max(n - 1, 0))
    results['frame_inds'] = (frame_inds + results.get('start_index', 0)
                             ).astype(np.int64)
    results['clip_len'] = len(inds)
    results['num_clips'] = 1
    results['frame_interval'] = 1
