"""Masked per-frame L1 loss: LiRA's regression of acoustic features.

LiRA (Ma et al., "LiRA: Learning Visual Speech Representations from Audio
through Self-supervision", Interspeech 2021, https://arxiv.org/abs/2106.09171)
regresses frame-synchronous acoustic features from the face video with an
L1 loss; SS-VAERR uses it as one of its pretexts.
"""
from __future__ import annotations

from typing import Optional

import torch
import torch.nn as nn

from mmaction.registry import MODELS


@MODELS.register_module()
class FrameL1Loss(nn.Module):
    """Mean absolute error over the valid frames of ``(N, T, D)`` tensors.

    The mean runs over every element of the selected frames, so the value
    does not depend on how many frames are masked. 0 (with a zero gradient)
    when no frame is valid.

    Args:
        loss_weight: multiplier of the loss.

    Example:
        >>> pred = torch.zeros(1, 3, 2)
        >>> target = torch.tensor([[[1., 1.], [2., 0.], [9., 9.]]])
        >>> mask = torch.tensor([[True, True, False]])
        >>> FrameL1Loss()(pred, target, mask)
        tensor(1.)
    """

    def __init__(self, loss_weight: float = 1.0) -> None:
        super().__init__()
        self.loss_weight = loss_weight

    def forward(self, pred: torch.Tensor, target: torch.Tensor,
                mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        if pred.shape != target.shape or pred.dim() != 3:
            raise ValueError(f'pred and target must both be (N, T, D), got '
                             f'{tuple(pred.shape)} and {tuple(target.shape)}')
        if mask is None:
            mask = torch.ones(pred.shape[:2], dtype=torch.bool,
                              device=pred.device)
        if tuple(mask.shape) != tuple(pred.shape[:2]):
            raise ValueError(f'mask must be (N, T) = {tuple(pred.shape[:2])},'
                             f' got {tuple(mask.shape)}')
        mask = mask.to(device=pred.device, dtype=torch.bool)
        # selection, not multiplication: NaN at masked frames is ignored
        diff = (pred[mask] - target[mask].to(pred.dtype)).abs()
        if diff.numel() == 0:
            return pred.sum() * 0.0
        return self.loss_weight * diff.mean()
