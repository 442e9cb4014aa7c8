"""Class-weighted cross-entropy over labelled frames or clips."""
from __future__ import annotations

from typing import Optional, Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F

from mmaction.registry import MODELS


@MODELS.register_module()
class FrameCELoss(nn.Module):
    """Cross-entropy on raw logits, ignoring unlabelled frames.

    Used for expression classification per frame (ABAW Expr) and emotion
    per clip (RAVDESS, CREMA-D). With ``class_weight`` it is the weighted
    mean ``sum_i w_{y_i} CE_i / sum_i w_{y_i}`` over labelled samples, the
    usual remedy for class imbalance (see :mod:`.class_balance`).

    Example:
        >>> loss = FrameCELoss(class_weight=[1.0, 3.0])
        >>> logits = torch.zeros(2, 4, 2)          # (N, T, K)
        >>> target = torch.tensor([[0, 1, -1, 1], [1, 1, 0, -1]])
        >>> round(float(loss(logits, target)), 4)  # log 2, any weights
        0.6931

    Args:
        class_weight: per-class weights (K,), or None for equal weights.
        ignore_index: label of unlabelled frames.
        label_smoothing: as in :func:`torch.nn.functional.cross_entropy`.
        loss_weight: factor on the loss.
    """

    def __init__(self, class_weight: Optional[Sequence[float]] = None,
                 ignore_index: int = -1, label_smoothing: float = 0.0,
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        weight = None if class_weight is None else torch.tensor(
            [float(w) for w in class_weight])
        if weight is not None and (weight < 0).any():
            raise ValueError(f'class_weight must be >= 0, got {class_weight}')
        self.register_buffer('class_weight', weight, persistent=False)
        self.ignore_index = int(ignore_index)
        self.label_smoothing = float(label_smoothing)
        self.loss_weight = float(loss_weight)

    def forward(self, logits: torch.Tensor, target: torch.Tensor,
                mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        """Loss of ``logits`` (..., K) against ``target`` (...).

        Args:
            logits: raw scores, any leading shape, classes last.
            target: class ids with the leading shape of ``logits``;
                ``ignore_index`` marks unlabelled entries.
            mask: optional bool, False entries are ignored too (padding,
                frames without a face).
        """
        if logits.shape[:-1] != target.shape:
            raise ValueError(f'logits {tuple(logits.shape)} need targets of '
                             f'shape {tuple(logits.shape[:-1])}, got '
                             f'{tuple(target.shape)}')
        k = logits.shape[-1]
        if self.class_weight is not None and len(self.class_weight) != k:
            raise ValueError(f'class_weight has {len(self.class_weight)} '
                             f'entries for {k} classes')
        target = target.long()
        if mask is not None:
            target = target.masked_fill(~mask.bool(), self.ignore_index)
        labelled = target != self.ignore_index
        if not labelled.any():
            return logits.sum() * 0.0     # keeps the graph, no NaN
        bad = labelled & ((target < 0) | (target >= k))
        if bad.any():
            raise ValueError(f'class ids must lie in [0, {k}), got '
                             f'{int(target[bad][0])}')
        weight = None if self.class_weight is None else \
            self.class_weight.to(logits)
        loss = F.cross_entropy(logits.reshape(-1, k).float(),
                               target.reshape(-1), weight=weight,
                               ignore_index=self.ignore_index,
                               label_smoothing=self.label_smoothing)
        return self.loss_weight * loss
