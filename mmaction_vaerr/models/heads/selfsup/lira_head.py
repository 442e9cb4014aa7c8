"""LiRA head: per-frame linear regression of acoustic features, masked L1."""
from __future__ import annotations

from typing import Dict, List, Optional, Union

import torch
import torch.nn as nn
from mmengine.model import BaseModule

from mmaction.registry import MODELS


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
