"""Projection / prediction MLP of BYOL, applied to pooled clip features."""
from __future__ import annotations

from typing import Dict, List, Optional, Union

import torch
import torch.nn as nn
from mmengine.model import BaseModule

from mmaction.registry import MODELS


def pool_clip(x: torch.Tensor) -> torch.Tensor:
    """One vector per clip: average over every axis after the channels.

    ``(N, C, T, h, w)`` (``ResNet18Stem3D`` default), ``(N, C, T)``
    (``out_format='nct'``) or ``(N, C, h, w)`` become ``(N, C)`` by a plain
    spatial + temporal mean (every frame and position weighs the same);
    ``(N, C)`` is returned unchanged.
    """
    if x.dim() < 2:
        raise ValueError(f'expected (N, C, ...) features, got shape '
                         f'{tuple(x.shape)}')
    return x.flatten(2).mean(dim=2) if x.dim() > 2 else x


@MODELS.register_module()
class ProjectionMLP(BaseModule):
    """``Linear - BN - ReLU - Linear`` on clip vectors (BYOL's MLP).

    The BYOL projector and predictor (Grill et al. 2020,
    https://arxiv.org/abs/2006.07733, Sec. 3.3: hidden 4096, output 256).
    Backbone features of any rank are first pooled to one vector per clip
    with :func:`pool_clip` (spatial and temporal average), so the neck
    accepts ``(N, 512, T, h, w)`` straight from ``ResNet18Stem3D``.

    Args:
        in_channels: input width (512 for ResNet18).
        hid_channels: hidden width.
        out_channels: output width.
        with_last_bn: add a BatchNorm1d after the last Linear (not in BYOL).
        init_cfg: mmengine init config.
    """

    def __init__(self, in_channels: int, hid_channels: int,
                 out_channels: int, with_last_bn: bool = False,
                 init_cfg: Optional[Union[Dict, List[Dict]]] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        layers = [nn.Linear(in_channels, hid_channels),
                  nn.BatchNorm1d(hid_channels), nn.ReLU(inplace=True),
                  nn.Linear(hid_channels, out_channels)]
        if with_last_bn:
            layers.append(nn.BatchNorm1d(out_channels))
        self.mlp = nn.Sequential(*layers)
        self.in_channels = in_channels

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = pool_clip(x)
        if x.shape[1] != self.in_channels:
            raise ValueError(f'ProjectionMLP expects {self.in_channels} '
                             f'channels, got shape {tuple(x.shape)}')
        return self.mlp(x)
