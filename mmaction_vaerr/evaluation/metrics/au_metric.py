"""Frame-level action-unit detection: F1 of each AU and their mean."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

import numpy as np
from mmengine.evaluator import BaseMetric

from mmaction.registry import METRICS
from ...labels import ABAW_AUS
from ..categorical import binary_f1, merge_frames
from ._samples import frame_fields


@METRICS.register_module()
class AUMetric(BaseMetric):
    """Mean over AUs of the binary F1 of each AU, per frame.

    The ABAW AU track's score (Kollias et al., CVPR-W 2023,
    https://arxiv.org/abs/2303.01498): an AU is predicted active when its
    probability reaches ``threshold``; each AU's F1 is taken over the
    frames where that AU is labelled (``gt_au >= 0``); an AU never active
    and never predicted scores 0. An AU without any labelled frame in the
    whole test set (e.g. the AUs the synthetic renderer cannot draw) has
    F1 NaN and is left out of the mean; with every AU labelled, as in
    Aff-Wild2, the mean is over all of them, as the challenge's.

    Each data sample carries ``pred_au`` (T, A) probabilities, ``gt_au``
    (T, A) with 1 active, 0 inactive, ``-1`` unlabelled, ``video_id``, and
    optionally ``frame_mask`` and ``frame_inds`` (T,).

    Results (prefix ``au/``): ``f1_macro``, ``f1_<AU>``, ``accuracy`` (of
    all labelled AU decisions), ``num_frames`` and ``num_aus`` (AUs in the
    mean).

    Args:
        au_names: the A action-unit names (default: the 12 of ABAW).
        threshold: probability at which an AU counts as active.
        collect_device: ``'cpu'`` or ``'gpu'`` for collecting results.
        prefix: metric name prefix (default ``'au'``).
        collect_dir: shared folder for CPU collection in distributed runs.
    """
    default_prefix: Optional[str] = 'au'

    def __init__(self, au_names: Sequence[str] = ABAW_AUS,
                 threshold: float = 0.5, collect_device: str = 'cpu',
                 prefix: Optional[str] = None,
                 collect_dir: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix,
                         collect_dir=collect_dir)
        self.au_names = tuple(au_names)
        self.threshold = float(threshold)

    def process(self, data_batch: Any, data_samples: Sequence) -> None:
        """Store each sample's probabilities, labels and frame indices."""
        shape = (len(self.au_names), )
        for sample in data_samples:
            res = frame_fields(sample, ('pred_au', 'gt_au'), 'AUMetric')
            if res['pred_au'].shape[1:] != shape or \
                    res['gt_au'].shape[1:] != shape:
                raise ValueError(
                    f"AUMetric: pred_au {res['pred_au'].shape} and gt_au "
                    f"{res['gt_au'].shape} must be (T, {shape[0]}) for video "
                    f"{res['video_id']!r}")
            res['pred_au'] = res['pred_au'].astype(np.float32)
            res['gt_au'] = res['gt_au'].astype(np.int64)
            self.results.append(res)

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        """Per-AU F1 on labelled frames, their mean, and accuracy."""
        merged = merge_frames(results, ('pred_au', 'gt_au', 'mask'))
        valid = merged['mask'][:, None] & (merged['gt_au'] >= 0)
        if not valid.any():
            raise ValueError(f'AUMetric: no labelled frame in {len(results)}'
                             ' samples')
        gt = merged['gt_au'] == 1
        pred = merged['pred_au'] >= self.threshold
        f1 = binary_f1(gt, pred, valid)
        f1[~valid.any(0)] = np.nan
        metrics = dict(f1_macro=float(np.nanmean(f1)),
                       accuracy=float((gt == pred)[valid].mean()),
                       num_frames=int(valid.any(1).sum()),
                       num_aus=int(valid.any(0).sum()))
        metrics.update({f'f1_{n}': float(v)
                        for n, v in zip(self.au_names, f1)})
        return metrics
