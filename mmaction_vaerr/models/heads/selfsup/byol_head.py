"""BYOL head: the online predictor and its loss."""
from __future__ import annotations

from typing import Dict, List, Optional, Union

import torch
from mmengine.model import BaseModule

from mmaction.registry import MODELS


@MODELS.register_module()
class BYOLHead(BaseModule):
    """Predicts the target projection from the online projection.

    Grill et al. 2020 (https://arxiv.org/abs/2006.07733): the predictor
    ``q`` exists only on the online side; the loss compares ``q(z_online)``
    with the (detached) target projection.

    Args:
        predictor: predictor config, e.g. ``dict(type='ProjectionMLP',
            in_channels=256, hid_channels=4096, out_channels=256)``.
        loss: loss config (default :class:`BYOLLoss`).
        init_cfg: mmengine init config.
    """

    def __init__(self, predictor: dict,
                 loss: dict = dict(type='BYOLLoss'),
                 init_cfg: Optional[Union[Dict, List[Dict]]] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.predictor = MODELS.build(predictor)
        self.loss_module = MODELS.build(loss)

    def forward(self, online_proj: torch.Tensor) -> torch.Tensor:
        return self.predictor(online_proj)

    def loss(self, online_proj: torch.Tensor,
             target_proj: torch.Tensor) -> torch.Tensor:
        """Loss of one direction (online view a -> target view b).

        Args:
            online_proj: ``(N, D)`` online projection of view a.
            target_proj: ``(N, D)`` target projection of view b.
        """
        return self.loss_module(self(online_proj), target_proj)
