"""Segment sampling that cuts every per-frame label array to the clip."""
from __future__ import annotations

from typing import Dict, Optional, Sequence

import numpy as np
from mmcv.transforms import BaseTransform

from mmaction.registry import TRANSFORMS
from ._segments import checked_length, segment_indices, set_sampling_keys

MISSING = {'gt_expr': -1, 'gt_au': -1, 'gt_va': np.nan}


@TRANSFORMS.register_module()
class SampleFrameSegment(BaseTransform):
    """Choose the frames of a clip; slice the labels of every task with it.

    The categorical counterpart of ``SampleVASegment``: training takes a
    random window of ``clip_len`` frames, testing the whole video. Each of
    ``label_keys`` present in the results (``gt_expr`` (T,), ``gt_au``
    (T, A), ``gt_va`` (T, 2)) is cut to the window; frames past the end of
    a short video repeat the last frame and get ``frame_mask`` False and
    the missing-label value (-1, or NaN for ``gt_va``). A video whose
    decoded length differs from its labels by more than
    ``max_length_mismatch`` (a fraction) is an error naming the file.

    Required Keys: frame_mask, total_frames, the present ``label_keys``
    (optional: filename, frame_dir, start_index).
    Modified Keys: frame_mask, the present ``label_keys``.
    Added Keys: frame_inds, clip_len, num_clips, frame_interval.

    Args:
        clip_len: frames per training segment; None = whole video.
        test_mode: sample the whole video.
        label_keys: per-frame label arrays to cut.
        max_length_mismatch: tolerated relative length difference between
            the decoded video and the labels.
    """

    def __init__(self, clip_len: Optional[int] = 100, test_mode: bool = False,
                 label_keys: Sequence[str] = ('gt_expr', 'gt_au', 'gt_va'),
                 max_length_mismatch: float = 0.05) -> None:
        if clip_len is not None and clip_len < 1:
            raise ValueError(f'clip_len must be >= 1, got {clip_len}')
        unknown = set(label_keys) - set(MISSING)
        if unknown:
            raise ValueError(f'unknown label keys {sorted(unknown)}; known: '
                             f'{sorted(MISSING)}')
        self.clip_len = clip_len
        self.test_mode = test_mode
        self.label_keys = tuple(label_keys)
        self.max_length_mismatch = max_length_mismatch

    def transform(self, results: Dict) -> Dict:
        mask = np.asarray(results['frame_mask'], dtype=bool).copy()
        n_lab = len(mask)
        n = checked_length(results, n_lab, self.max_length_mismatch)
        mask[n:] = False
        inds = segment_indices(
            n_lab, None if self.test_mode else self.clip_len, n_lab)
        inside = inds < n_lab
        label_inds = np.minimum(inds, n_lab - 1)
        seg_mask = np.zeros(len(inds), dtype=bool)
        seg_mask[inside] = mask[inds[inside]]
        for key in self.label_keys:
            if key not in results:
                continue
            arr = np.asarray(results[key])
            if len(arr) != n_lab:
                raise ValueError(f'{key} has {len(arr)} frames, frame_mask '
                                 f'{n_lab}')
            cut = arr[label_inds].copy()
            cut[~inside] = MISSING[key]
            results[key] = cut
        results['frame_mask'] = seg_mask
        set_sampling_keys(results, inds, n)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(clip_len={self.clip_len}, '
                f'test_mode={self.test_mode}, label_keys={self.label_keys}, '
                f'max_length_mismatch={self.max_length_mismatch})')
