"""Regression losses of the masked pretexts (MAE pixels, V-JEPA features)."""
from __future__ import annotations

import torch
import torch.nn as nn

from mmaction.registry import MODELS


def _check(name: str, pred: torch.Tensor, target: torch.Tensor) -> None:
    if pred.dim() != 3 or pred.shape != target.shape:
        raise ValueError(f'{name} expects predictions and targets of the '
                         f'same (N, L, D) shape, got {tuple(pred.shape)} '
                         f'and {tuple(target.shape)}')


@MODELS.register_module()
class PatchMSELoss(nn.Module):
    """Mean squared error over the pixels of the predicted (masked) patches.

    He et al., "Masked Autoencoders Are Scalable Vision Learners", CVPR 2022
    (https://arxiv.org/abs/2111.06377), Sec. 3: the loss is computed on
    masked patches only; the caller passes just those. The target is
    detached.

    Args:
        loss_weight: multiplier of the loss.

    Example:
        >>> PatchMSELoss()(torch.zeros(1, 2, 4), torch.ones(1, 2, 4))
        tensor(1.)
    """

    def __init__(self, loss_weight: float = 1.0) -> None:
        super().__init__()
        self.loss_weight = loss_weight

    def forward(self, pred: torch.Tensor,
                target: torch.Tensor) -> torch.Tensor:
        """Args: pred, target: ``(N, L_masked, D)`` patch pixels."""
        _check(type(self).__name__, pred, target)
        return self.loss_weight * (pred - target.detach()).pow(2).mean()


@MODELS.register_module()
class FeatureL1Loss(nn.Module):
    """Mean absolute error between predicted and target token features.

    V-JEPA (Bardes et al. 2024, https://arxiv.org/abs/2404.08471, Eq. 1):
    ``|| P(E(x_ctx), Δy) - sg(LN(Ē(x)))_y ||_1`` averaged over the target
    tokens and channels; the target (already layer-normalised by the
    caller) is detached.

    Args:
        loss_weight: multiplier of the loss.

    Example:
        >>> FeatureL1Loss()(torch.zeros(1, 2, 3), -2 * torch.ones(1, 2, 3))
        tensor(2.)
    """

    def __init__(self, loss_weight: float = 1.0) -> None:
        super().__init__()
        self.loss_weight = loss_weight

    def forward(self, pred: torch.Tensor,
                target: torch.Tensor) -> torch.Tensor:
        """Args: pred, target: ``(N, L_target, C)`` token features."""
        _check(type(self).__name__, pred, target)
        return self.loss_weight * (pred - target.detach()).abs().mean()
