"""BYOL's normalised regression loss."""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F

from mmaction.registry import MODELS


@MODELS.register_module()
class BYOLLoss(nn.Module):
    """``2 - 2 * cos(p, z)`` averaged over the batch.

    Grill et al., "Bootstrap your own latent", NeurIPS 2020
    (https://arxiv.org/abs/2006.07733), Eq. 2: the mean squared error
    between the l2-normalised online prediction ``p`` and target projection
    ``z``, which equals ``2 - 2 cos(p, z)``. The target is detached.

    Args:
        loss_weight: multiplier of the loss.

    Example:
        >>> loss = BYOLLoss()
        >>> loss(torch.tensor([[1., 0.]]), torch.tensor([[0., 3.]]))
        tensor(2.)
    """

    def __init__(self, loss_weight: float = 1.0) -> None:
        super().__init__()
        self.loss_weight = loss_weight

    def forward(self, pred: torch.Tensor,
                target: torch.Tensor) -> torch.Tensor:
        """Args: pred, target: ``(N, D)`` online prediction and target."""
        if pred.dim() != 2 or pred.shape != target.shape:
            raise ValueError(f'BYOLLoss expects two (N, D) tensors of the '
                             f'same shape, got {tuple(pred.shape)} and '
                             f'{tuple(target.shape)}')
        pred = F.normalize(pred, dim=1)
        target = F.normalize(target.detach(), dim=1)
        loss = 2 - 2 * (pred * target).sum(dim=1)
        return self.loss_weight * loss.mean()
