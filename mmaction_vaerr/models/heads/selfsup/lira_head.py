"""LiRA head: per-frame linear regression of acoustic features, masked L1."""
from __future__ import annotations

from typing import Dict, List, Optional, Union

import torch
import torch.nn as nn
from mmengine.model import BaseModule

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


@MODELS.register_module()
class LiRAHead(BaseModule):
    """Linear projection of encoder outputs to the acoustic target width.

    LiRA (Ma et al., Interspeech 2021, https://arxiv.org/abs/2106.09171)
    regresses frame-synchronous acoustic features from the conformer output
    with an L1 loss.

    Args:
        in_channels: encoder width.
        out_channels: target feature width ``D`` (80 for the default
            log-mel, 13 for MFCC, 256 for PASE+, ``k * D`` for stacked
            precomputed features).
        loss: loss config (default :class:`FrameL1Loss`).
        init_cfg: mmengine init config.
    """

    def __init__(self, in_channels: int = 256, out_channels: int = 80,
                 loss: dict = dict(type='FrameL1Loss'),
                 init_cfg: Optional[Union[Dict, List[Dict]]] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.out_channels = out_channels
        self.fc = nn.Linear(in_channels, out_channels)
        self.loss_module = MODELS.build(loss)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, T, in_channels)`` -> ``(N, T, out_channels)``."""
        return self.fc(x)

    def loss(self, x: torch.Tensor, target: torch.Tensor,
             mask: Optional[torch.Tensor] = None) -> Dict[str, torch.Tensor]:
        """Predict from ``x`` and compare with ``target`` on valid frames.

        Args:
            x: ``(N, T, in_channels)`` encoder output.
            target: ``(N, T, out_channels)`` acoustic features.
            mask: ``(N, T)`` bool, True where the target is valid.
        """
        pred = self(x)
        if target.shape[-1] != self.out_channels:
            raise ValueError(f'targets have {target.shape[-1]} features but '
                             f'LiRAHead.out_channels={self.out_channels}; set '
                             'out_channels to the target width')
        return dict(loss_l1=self.loss_module(pred, target, mask))
