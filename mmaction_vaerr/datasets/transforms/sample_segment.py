"""Fixed-length segment sampling (training) and whole-video indexing (test)."""
from __future__ import annotations

from typing import Dict, Optional

import numpy as np
from mmcv.transforms import BaseTransform

from mmaction.registry import TRANSFORMS
from ._segments import checked_length, segment_indices, set_sampling_keys


@TRANSFORMS.register_module()
class SampleVASegment(BaseTransform):
    """Choose the frames of a clip and cut the per-frame labels to match.

    Training: a random window of ``clip_len`` frames (the paper uses 200 for
    SEWA, 500 for RECOLA). A video shorter than ``clip_len`` is padded by
    repeating its last frame; padded frames are masked out. Test
    (``clip_len=None`` or ``test_mode=True``): the whole video, in order,
    never padded: the frames that both the video and its labels have.

    When the decoded video (``total_frames`` from ``DecordInit``) and the
    labels disagree in length, frames beyond the shorter one are masked
    (training) or cut (test); a difference larger than
    ``max_length_mismatch`` (fraction of the label length) is an error
    naming the file, never a silent shift. ``VAVideoDataset`` checks the
    same tolerance for every video when it is built.

    Required Keys: gt_va, frame_mask, total_frames (optional: filename,
    frame_dir, start_index).
    Modified Keys: gt_va, frame_mask.
    Added Keys: frame_inds, clip_len, num_clips, frame_interval.

    Args:
        clip_len: frames per training segment; None = whole video.
        test_mode: sample the whole video.
        max_length_mismatch: tolerated relative length difference between
            video and labels.
    """

    def __init__(self, clip_len: Optional[int] = 200, test_mode: bool = False,
                 max_length_mismatch: float = 0.05) -> None:
        if clip_len is not None and clip_len < 1:
            raise ValueError(f'clip_len must be >= 1, got {clip_len}')
        self.clip_len = clip_len
        self.test_mode = test_mode
        self.max_length_mismatch = max_length_mismatch

    def transform(self, results: Dict) -> Dict:
        gt_va = np.asarray(results['gt_va'], dtype=np.float32)
        mask = np.asarray(results['frame_mask'], dtype=bool).copy()
        n_lab = len(gt_va)
        n = checked_length(results, n_lab, self.max_length_mismatch,
                           '; re-run the label conversion')
        mask[n:] = False
        # whole video: n frames, so no padded frame reaches model or metric
        inds = segment_indices(
            n_lab, None if self.test_mode else self.clip_len, n)
        seg_mask = np.zeros(len(inds), dtype=bool)
        inside = inds < n_lab
        seg_mask[inside] = mask[inds[inside]]
        label_inds = np.minimum(inds, n_lab - 1)
        results['gt_va'] = gt_va[label_inds]
        results['frame_mask'] = seg_mask
        set_sampling_keys(results, inds, n)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(clip_len={self.clip_len}, '
                f'test_mode={self.test_mode}, '
                f'max_length_mismatch={self.max_length_mismatch})')
