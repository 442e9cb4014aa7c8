"""V-JEPA head: the predictor and its feature-regression loss."""
from __future__ import annotations

from typing import Dict, List, Optional, Union

import torch
from mmengine.model import BaseModule

from mmaction.registry import MODELS
from .token_predictor import TokenPredictor


@MODELS.register_module()
class VJEPAHead(BaseModule):
    """Predicts the target encoder's features of the masked blocks.

    Bardes et al., "Revisiting Feature Prediction for Learning Visual
    Representations from Video", 2024 (https://arxiv.org/abs/2404.08471):
    a narrow :class:`TokenPredictor` (V-JEPA: 12 blocks of width 384 for
    ViT-L) takes the context encoder's tokens and mask tokens at the target
    positions and regresses the (layer-normalised, detached) target
    features with an L1 loss.

    Args:
        in_channels: encoder width (input and output of the predictor).
        embed_dims: predictor width.
        depth: predictor blocks.
        num_heads: predictor attention heads.
        loss: loss config (default :class:`FeatureL1Loss`).
        init_cfg: mmengine init config.
    """

    def __init__(self, in_channels: int, embed_dims: int = 384,
                 depth: int = 12, num_heads: int = 12,
                 loss: dict = dict(type='FeatureL1Loss'),
                 init_cfg: Optional[Union[Dict, List[Dict]]] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.predictor = TokenPredictor(in_channels, in_channels, embed_dims,
                                        depth, num_heads)
        self.loss_module = MODELS.build(loss)

    def forward(self, context: torch.Tensor, context_idx: torch.Tensor,
                target_idx: torch.Tensor, num_tokens: int) -> torch.Tensor:
        """``(N, L_c, C)`` context tokens -> ``(N, L_t, C)`` predictions."""
        return self.predictor(context, context_idx, target_idx, num_tokens)

    def loss(self, context: torch.Tensor, context_idx: torch.Tensor,
             target_idx: torch.Tensor,
             target_feats: torch.Tensor) -> torch.Tensor:
        """L1 between predictions and ``target_feats`` at ``target_idx``.

        Args:
            context: ``(N, L_c, C)`` context encoder output.
            context_idx: ``(N, L_c)`` positions of the context tokens.
            target_idx: ``(N, L_t)`` positions of the target tokens.
            target_feats: ``(N, L, C)`` target features of every token.
        """
        pred = self(context, context_idx, target_idx, target_feats.shape[1])
        target = target_feats.gather(1, target_idx[..., None].expand(
            -1, -1, target_feats.shape[-1]))
        return self.loss_module(pred, target)
