"""BYOL for video clips (Grill et al. 2020)."""
from __future__ import annotations

from typing import Dict, List, Optional, Union

import torch
import torch.nn as nn

from mmaction.registry import MODELS
from .base import BaseVideoSelfSup
from .ema import MomentumEMA


@MODELS.register_module()
class BYOL(BaseVideoSelfSup):
    """Bootstrap Your Own Latent on two augmented views of a clip.

    Grill et al., NeurIPS 2020 (https://arxiv.org/abs/2006.07733). Online:
    ``backbone -> neck (projector) -> head.predictor``; target: an EMA copy
    of ``backbone -> neck``. The loss is symmetric:
    ``L(q(z1), z2') + L(q(z2), z1')`` with ``L = 2 - 2 cos``. The target
    follows the online weights with momentum (weight of the new value)
    annealed by a cosine from ``base_momentum`` to ``end_momentum`` over the
    run (BYOL's ``tau: 1 - base_momentum -> 1``). The online ``backbone``
    (keys ``backbone.*``) is the one handed over downstream.

    Args:
        backbone: backbone config.
        neck: projector config (e.g. :class:`ProjectionMLP`).
        head: head config (:class:`BYOLHead`: predictor + loss).
        base_momentum: EMA weight of the online value at iteration 0
            (paper: ``1 - 0.996``; ``0.01`` for shorter runs).
        end_momentum: EMA weight at the last iteration (paper: 0).
        data_preprocessor: see :class:`BaseVideoSelfSup`.
        init_cfg: mmengine init config.
    """

    def __init__(self, backbone: dict, neck: dict, head: dict,
                 base_momentum: float = 0.01, end_momentum: float = 0.0,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[Union[dict, List[dict]]] = None) -> None:
        super().__init__(backbone=backbone, neck=neck, head=head,
                         data_preprocessor=data_preprocessor,
                         init_cfg=init_cfg)
        self.base_momentum = base_momentum
        self.end_momentum = end_momentum
        self.target_net = MomentumEMA(self.online_net(), base_momentum)

    def online_net(self) -> nn.Sequential:
        """``backbone -> neck`` (shares the modules, no copy)."""
        return nn.Sequential(self.backbone, self.neck)

    def loss(self, inputs: List[torch.Tensor],
             data_samples: Optional[list] = None) -> Dict[str, torch.Tensor]:
        if not isinstance(inputs, (list, tuple)) or len(inputs) != 2:
            got = (f'{len(inputs)} views' if isinstance(inputs, (list, tuple))
                   else type(inputs).__name__)
            raise ValueError(f'BYOL expects a list of 2 views, got {got}')
        online = self.online_net()
        self.target_net.update_parameters(
            online, self.cosine_momentum(self.base_momentum,
                                         self.end_momentum))
        proj = [online(view) for view in inputs]
        with torch.no_grad():
            target = [self.target_net(view) for view in inputs]
        loss = (self.head.loss(proj[0], target[1]) +
                self.head.loss(proj[1], target[0]))
        return dict(loss=loss)
