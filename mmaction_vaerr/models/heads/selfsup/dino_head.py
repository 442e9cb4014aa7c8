"""DINO head: MLP projector with a weight-normalised prototype layer."""
from __future__ import annotations

import math
from typing import Dict, List, Optional, Union

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule

from mmaction.registry import MODELS
from ...necks.projection_mlp import pool_clip


class WeightNormLinear(nn.Module):
    """Bias-free linear layer ``y = g * x @ (v / ||v||)^T`` (per output row).

    Salimans & Kingma 2016 (https://arxiv.org/abs/1602.07868). With
    ``fix_norm=True`` the gain ``g`` stays 1 (DINO's ``norm_last_layer``),
    so the outputs are cosine similarities to ``out_features`` prototypes.
    """

    def __init__(self, in_features: int, out_features: int,
                 fix_norm: bool = True) -> None:
        super().__init__()
        self.weight_v = nn.Parameter(torch.empty(out_features, in_features))
        nn.init.kaiming_uniform_(self.weight_v, a=math.sqrt(5))
        self.weight_g = nn.Parameter(torch.ones(out_features, 1),
                                     requires_grad=not fix_norm)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        weight = self.weight_g * F.normalize(self.weight_v, dim=1)
        return F.linear(x, weight)


class DINOProjector(nn.Module):
    """Pool -> MLP -> bottleneck -> l2-normalise -> weight-normalised layer."""

    def __init__(self, in_channels: int, hid_channels: int,
                 bottleneck_channels: int, out_channels: int,
                 num_layers: int, use_bn: bool, norm_last_layer: bool
                 ) -> None:
        super().__init__()
        if num_layers < 1:
            raise ValueError(f'num_layers must be >= 1, got {num_layers}')
        dims = ([in_channels] + [hid_channels] * (num_layers - 1) +
                [bottleneck_channels])
        layers: List[nn.Module] = []
        for i, (d_in, d_out) in enumerate(zip(dims[:-1], dims[1:])):
            layers.append(nn.Linear(d_in, d_out))
            if i < num_layers - 1:
                if use_bn:
                    layers.append(nn.BatchNorm1d(d_out))
                layers.append(nn.GELU())
        self.mlp = nn.Sequential(*layers)
        self.last_layer = WeightNormLinear(bottleneck_channels, out_channels,
                                           fix_norm=norm_last_layer)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.normalize(self.mlp(pool_clip(x)), dim=-1)
        return self.last_layer(x)


@MODELS.register_module()
class DINOHead(BaseModule):
    """DINO projection head and loss (Caron et al. 2021).

    https://arxiv.org/abs/2104.14294, Sec. 3.1 / App.: a ``num_layers`` MLP
    (hidden ``hid_channels``, GELU) ending in a ``bottleneck_channels``
    layer, l2 normalisation, then a weight-normalised linear layer to
    ``out_channels`` prototypes. Backbone features are first pooled to one
    vector per clip (spatial + temporal mean). ``projector`` is the part the
    teacher copies; the loss (with its centre) belongs to the student only.

    Args:
        in_channels: backbone width (512 for ResNet18).
        hid_channels: MLP hidden width (paper: 2048).
        bottleneck_channels: bottleneck width (paper: 256).
        out_channels: number of prototypes ``K`` (paper: 65536).
        num_layers: MLP layers before the last layer (paper: 3).
        use_bn: BatchNorm1d in the MLP (paper: off for ViT).
        norm_last_layer: keep the last layer's weight-norm gain fixed at 1.
        loss: loss config; ``out_channels`` is filled in.
        init_cfg: mmengine init config (default: truncated normal, std
            0.02, on the MLP's Linear layers as in the paper).
    """

    def __init__(self, in_channels: int = 512, hid_channels: int = 2048,
                 bottleneck_channels: int = 256, out_channels: int = 4096,
                 num_layers: int = 3, use_bn: bool = False,
                 norm_last_layer: bool = True,
                 loss: dict = dict(type='DINOLoss'),
                 init_cfg: Optional[Union[Dict, List[Dict]]] = dict(
                     type='TruncNormal', layer='Linear', std=0.02, bias=0)
                 ) -> None:
        super().__init__(init_cfg=init_cfg)
        self.projector = DINOProjector(in_channels, hid_channels,
                                       bottleneck_channels, out_channels,
                                       num_layers, use_bn, norm_last_layer)
        loss = dict(loss)
        loss.setdefault('out_channels', out_channels)
        self.loss_module = MODELS.build(loss)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C, ...)`` backbone features -> ``(N, K)`` logits."""
        return self.projector(x)

    def loss(self, student: torch.Tensor, teacher: torch.Tensor,
             teacher_temp: float) -> torch.Tensor:
        """See :class:`DINOLoss`: ``(S, N, K)`` and ``(G, N, K)`` logits."""
        return self.loss_module(student, teacher, teacher_temp)

    def teacher_entropy(self, teacher: torch.Tensor,
                        teacher_temp: float) -> torch.Tensor:
        """Entropy of the teacher targets (see :class:`DINOLoss`)."""
        return self.loss_module.teacher_entropy(teacher, teacher_temp)
