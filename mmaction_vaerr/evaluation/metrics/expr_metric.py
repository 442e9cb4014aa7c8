"""Frame-level expression classification: macro F1 and accuracy."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

import numpy as np
from mmengine.evaluator import BaseMetric

from mmaction.registry import METRICS
from ...labels import EXPR_CLASSES
from ..categorical import confusion, f1_per_class, merge_frames
from ._samples import frame_fields


@METRICS.register_module()
class ExprMetric(BaseMetric):
    """Macro F1 over the expression classes and accuracy, per frame.

    The ABAW Expr track's score (Kollias et al., CVPR-W 2023,
    https://arxiv.org/abs/2303.01498): the unweighted mean of the per-class
    F1 over all ``num_classes`` classes (a class never labelled and never
    predicted scores 0), on all labelled frames of all test videos.

    Each data sample carries ``pred_expr`` (T, K) class probabilities or
    scores, ``gt_expr`` (T,) class ids with ``-1`` for unlabelled frames,
    ``video_id``, optionally ``frame_mask`` (T,) (False = padding or no
    face) and ``frame_inds`` (T,); a frame predicted more than once counts
    once with its mean score.

    Results (prefix ``expr/``): ``f1_macro``, ``accuracy``, ``f1_<class>``
    and ``num_frames``.

    Args:
        class_names: the K class names, in id order (default: ABAW's 8).
        collect_device: ``'cpu'`` or ``'gpu'`` for collecting results.
        prefix: metric name prefix (default ``'expr'``).
        collect_dir: shared folder for CPU collection in distributed runs.
    """
    default_prefix: Optional[str] = 'expr'

    def __init__(self, class_names: Sequence[str] = EXPR_CLASSES,
                 collect_device: str = 'cpu', prefix: Optional[str] = None,
                 collect_dir: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix,
                         collect_dir=collect_dir)
        self.class_names = tuple(class_names)

    def process(self, data_batch: Any, data_samples: Sequence) -> None:
        """Store each sample's scores, labels and frame indices."""
        for sample in data_samples:
            res = frame_fields(sample, ('pred_expr', 'gt_expr'), 'ExprMetric')
            if res['pred_expr'].ndim != 2 or \
                    res['pred_expr'].shape[1] != len(self.class_names):
                raise ValueError(
                    f"ExprMetric: pred_expr {res['pred_expr'].shape} must be "
                    f'(T, {len(self.class_names)}) for video '
                    f"{res['video_id']!r}")
            res['pred_expr'] = res['pred_expr'].astype(np.float32)
            res['gt_expr'] = res['gt_expr'].astype(np.int64)
            self.results.append(res)

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        """Macro F1, accuracy and per-class F1 on every labelled frame."""
        merged = merge_frames(results, ('pred_expr', 'gt_expr', 'mask'))
        valid = merged['mask'] & (merged['gt_expr'] >= 0)
        if not valid.any():
            raise ValueError(f'ExprMetric: no labelled frame in '
                             f'{len(results)} samples')
        gt = merged['gt_expr'][valid]
        pred = merged['pred_expr'][valid].argmax(1)
        cm = confusion(gt, pred, len(self.class_names))
        f1 = f1_per_class(cm)
        metrics = dict(f1_macro=float(f1.mean()),
                       accuracy=float(np.trace(cm) / cm.sum()),
                       num_frames=int(valid.sum()))
        metrics.update({f'f1_{n}': float(v)
                        for n, v in zip(self.class_names, f1)})
        return metrics
