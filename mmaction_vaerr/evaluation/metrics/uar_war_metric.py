"""Clip-level emotion recognition: UAR and WAR."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

import numpy as np
from mmengine.evaluator import BaseMetric

from mmaction.registry import METRICS
from ..categorical import confusion, recall_per_class, uar_war
from ._samples import to_numpy


@METRICS.register_module()
class UARWARMetric(BaseMetric):
    """Unweighted and weighted average recall over clips.

    The figures of RAVDESS / CREMA-D facial expression recognition (e.g.
    "Video Joint-Embedding Predictive Architectures for Facial Expression
    Recognition", https://github.com/lennarteingunia/vjepa-for-fer): UAR is
    the mean of the per-class recalls over the classes present in the
    labels (robust to class imbalance), WAR the share of clips classified
    correctly (accuracy).

    Each data sample is an mmaction2 ``ActionDataSample`` with ``gt_label``
    (the clip's class id) and ``pred_score`` (K,) class scores, as mmaction2
    classification heads and :class:`ClipEmotionHead` produce. The
    distributed evaluator drops the samples repeated to fill the last
    batch, so each clip counts once.

    A clip labelled ``-1`` is unlabelled and is not scored (any other id
    outside ``[0, K)`` is an error).

    Results (prefix ``emotion/``): ``uar``, ``war``, ``recall_<class>``
    (NaN for a class without test clips), ``num_clips`` (scored) and
    ``num_unlabelled``.

    Args:
        class_names: the K class names, in id order.
        collect_device: ``'cpu'`` or ``'gpu'`` for collecting results.
        prefix: metric name prefix (default ``'emotion'``).
        collect_dir: shared folder for CPU collection in distributed runs.
    """
    default_prefix: Optional[str] = 'emotion'

    def __init__(self, class_names: Sequence[str],
                 collect_device: str = 'cpu', prefix: Optional[str] = None,
                 collect_dir: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix,
                         collect_dir=collect_dir)
        self.class_names = tuple(class_names)

    def process(self, data_batch: Any, data_samples: Sequence) -> None:
        """Store each clip's true class and predicted class."""
        for sample in data_samples:
            if hasattr(sample, 'to_dict'):
                sample = sample.to_dict()
            missing = [k for k in ('gt_label', 'pred_score')
                       if k not in sample]
            if missing:
                raise KeyError(f'UARWARMetric: data sample lacks {missing};'
                               f' it has {sorted(sample)}')
            score = to_numpy(sample['pred_score']).reshape(-1)
            if score.shape[0] != len(self.class_names):
                raise ValueError(
                    f'UARWARMetric: pred_score has {score.shape[0]} classes,'
                    f' class_names {len(self.class_names)}')
            self.results.append(dict(
                gt=int(to_numpy(sample['gt_label']).reshape(-1)[0]),
                pred=int(score.argmax())))

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        """UAR, WAR and per-class recall."""
        if not results:
            raise ValueError('UARWARMetric got no results to evaluate')
        gt = np.array([r['gt'] for r in results])
        pred = np.array([r['pred'] for r in results])
        labelled = gt != -1            # -1 = unlabelled, as for frames
        if not labelled.any():
            raise ValueError(f'UARWARMetric: no labelled clip among '
                             f'{len(results)} (every gt_label is -1)')
        cm = confusion(gt[labelled], pred[labelled], len(self.class_names))
        uar, war = uar_war(cm)
        metrics = dict(uar=uar, war=war, num_clips=int(labelled.sum()),
                       num_unlabelled=int((~labelled).sum()))
        metrics.update({f'recall_{n}': float(v) for n, v in
                        zip(self.class_names, recall_per_class(cm))})
        return metrics
