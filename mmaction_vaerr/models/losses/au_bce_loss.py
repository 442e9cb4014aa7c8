"""Binary cross-entropy per action unit, with missing labels masked."""
from __future__ import annotations

from typing import Optional, Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F

from mmaction.registry import MODELS


@MODELS.register_module()
class AUBCELoss(nn.Module):
    """Multi-label BCE on raw logits over the labelled (frame, AU) pairs.

    ``pos_weight_a`` multiplies the loss of the positive frames of AU ``a``
    (``n_neg / n_pos`` balances each AU, see :mod:`.class_balance`), as in
    :class:`torch.nn.BCEWithLogitsLoss`. The loss is the mean over the
    labelled pairs: ``-1`` in the target, or a False ``mask`` frame, drops
    the pair.

    Example:
        >>> loss = AUBCELoss()
        >>> logits = torch.zeros(1, 2, 3)
        >>> target = torch.tensor([[[1, 0, -1], [-1, -1, -1]]])
        >>> round(float(loss(logits, target)), 4)
        0.6931

    Args:
        pos_weight: per-AU positive weights (A,), or None.
        loss_weight: factor on the loss.
    """

    def __init__(self, pos_weight: Optional[Sequence[float]] = None,
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        pw = None if pos_weight is None else torch.tensor(
            [float(w) for w in pos_weight])
        if pw is not None and (pw <= 0).any():
            raise ValueError(f'pos_weight must be > 0, got {pos_weight}')
        self.register_buffer('pos_weight', pw, persistent=False)
        self.loss_weight = float(loss_weight)

    def forward(self, logits: torch.Tensor, target: torch.Tensor,
                mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        """Loss of ``logits`` (..., A) against 0/1/-1 ``target`` (..., A).

        Args:
            logits: raw scores.
            target: 1 active, 0 inactive, -1 unlabelled; shape of logits.
            mask: optional bool of the leading shape; False drops a frame.
        """
        if logits.shape != target.shape:
            raise ValueError(f'logits {tuple(logits.shape)} and targets '
                             f'{tuple(target.shape)} differ in shape')
        a = logits.shape[-1]
        if self.pos_weight is not None and len(self.pos_weight) != a:
            raise ValueError(f'pos_weight has {len(self.pos_weight)} entries'
                             f' for {a} AUs')
        valid = target >= 0
        if mask is not None:
            valid = valid & mask.bool().unsqueeze(-1)
        if not valid.any():
            return logits.sum() * 0.0
        bad = valid & (target > 1)
        if bad.any():
            raise ValueError(f'AU labels must be 0, 1 or -1, got '
                             f'{float(target[bad][0])}')
        pw = None if self.pos_weight is None else self.pos_weight.to(logits)
        per = F.binary_cross_entropy_with_logits(
            logits.float(), target.clamp(min=0).float(), pos_weight=pw,
            reduction='none')
        return self.loss_weight * per[valid].mean()
