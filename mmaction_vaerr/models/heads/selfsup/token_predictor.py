"""Narrow transformer that fills in masked tokens (MAE decoder, V-JEPA
predictor)."""
from __future__ import annotations

from typing import Dict, List, Optional, Union

import torch
import torch.nn as nn
from mmcv.cnn import build_norm_layer
from mmengine.model import BaseModule, ModuleList

from mmaction.models.backbones.vit_mae import Block
from mmaction.registry import MODELS
from ...backbones.video_vit import DEFAULT_INIT, sincos_positions


@MODELS.register_module()
class TokenPredictor(BaseModule):
    """Visible tokens + learned mask tokens at the hidden positions ->
    transformer blocks -> outputs at the hidden positions.

    The shared shape of MAE's decoder (He et al. 2022,
    https://arxiv.org/abs/2111.06377, Sec. 3) and V-JEPA's predictor
    (Bardes et al. 2024, https://arxiv.org/abs/2404.08471, Sec. 3.1): the
    encoder output is projected to ``embed_dims``, every token gets the
    fixed sinusoid of its position in the full clip, the mask token is one
    learned vector, and a linear layer maps the outputs of the mask tokens
    to ``out_channels`` (pixels of a patch, or encoder features).

    Args:
        in_channels: width of the encoder tokens.
        out_channels: width of each prediction.
        embed_dims: width of the predictor.
        depth: number of transformer blocks.
        num_heads: attention heads.
        mlp_ratio: FFN hidden width / ``embed_dims``.
        init_cfg: mmengine init config.
    """

    def __init__(self, in_channels: int, out_channels: int,
                 embed_dims: int = 384, depth: int = 4, num_heads: int = 6,
                 mlp_ratio: float = 4.0,
                 init_cfg: Optional[Union[Dict, List[Dict]]] = DEFAULT_INIT
                 ) -> None:
        super().__init__(init_cfg=init_cfg)
        self.embed_dims = embed_dims
        self.embed = nn.Linear(in_channels, embed_dims)
        self.mask_token = nn.Parameter(torch.zeros(1, 1, embed_dims))
        self.blocks = ModuleList([Block(embed_dims, num_heads,
                                        mlp_ratio=mlp_ratio)
                                  for _ in range(depth)])
        self.norm = build_norm_layer(dict(type='LN', eps=1e-6),
                                     embed_dims)[1]
        self.out = nn.Linear(embed_dims, out_channels)

    def init_weights(self) -> None:
        super().init_weights()
        nn.init.trunc_normal_(self.mask_token, std=0.02)

    def forward(self, visible: torch.Tensor, visible_idx: torch.Tensor,
                hidden_idx: torch.Tensor, num_tokens: int) -> torch.Tensor:
        """Predict the hidden tokens.

        Args:
            visible: ``(N, L_v, in_channels)`` encoder tokens.
            visible_idx: ``(N, L_v)`` their flat positions in the clip.
            hidden_idx: ``(N, L_h)`` positions to predict.
            num_tokens: tokens in the full clip.

        Returns:
            ``(N, L_h, out_channels)``.
        """
        if visible_idx.shape != visible.shape[:2]:
            raise ValueError(f'visible_idx {tuple(visible_idx.shape)} does '
                             f'not match tokens {tuple(visible.shape)}')
        pos = sincos_positions(num_tokens, self.embed_dims, visible)[0]
        queries = self.mask_token.to(visible.dtype) + pos[hidden_idx]
        x = torch.cat([self.embed(visible) + pos[visible_idx], queries], 1)
        for block in self.blocks:
            x = block(x)
        return self.out(self.norm(x[:, visible.shape[1]:]))
