"""Regression losses of the masked pretexts (MAE pixels, V-JEPA features)."""
from __future__ import annotations

import torch
import torch.nn as nn

from mmaction.registry import MODELS


class _TokenRegressionLoss(nn.Module):
    """``loss_weight * mean(error(pred - sg(target)))`` over ``(N, L, D)``
    predictions of masked tokens; subclasses set ``error``.

    Args:
        loss_weight: multiplier of the loss.
    """

    def __init__(self, loss_weight: float = 1.0) -> None:
        super().__init__()
        self.loss_weight = loss_weight

    @staticmethod
    def error(diff: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError

    def forward(self, pred: torch.Tensor,
                target: torch.Tensor) -> torch.Tensor:
        """Args: pred, target: ``(N, L, D)`` predicted and target tokens."""
        if pred.dim() != 3 or pred.shape != target.shape:
            raise ValueError(f'{type(self).__name__} expects predictions and '
                             'targets of the same (N, L, D) shape, got '
                             f'{tuple(pred.shape)} and {tuple(target.shape)}')
        return self.loss_weight * self.error(pred - target.detach()).mean()


@MODELS.register_module()
class PatchMSELoss(_TokenRegressionLoss):
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

    @staticmethod
    def error(diff: torch.Tensor) -> torch.Tensor:
        """Squared error of the ``(N, L_masked, D)`` patch pixels."""
        return diff.pow(2)


@MODELS.register_module()
class FeatureL1Loss(_TokenRegressionLoss):
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

    @staticmethod
    def error(diff: torch.Tensor) -> torch.Tensor:
        """Absolute error of the ``(N, L_target, C)`` token features."""
        return diff.abs()
