"""Attentive pooling: learned queries cross-attend over feature tokens.

The V-JEPA evaluation probe (Bardes et al., "Revisiting Feature Prediction
for Learning Visual Representations from Video", 2024,
https://arxiv.org/abs/2404.08471, section 5.1): a frozen encoder's tokens
are pooled by a cross-attention block whose query is learned, then a linear
layer classifies. Unlike average pooling it can pick the tokens (frames,
face regions) that carry the expression.
"""
from __future__ import annotations

import torch
import torch.nn as nn

from mmaction.registry import MODELS


@MODELS.register_module()
class AttentivePooling(nn.Module):
    """``(N, L, C)`` tokens -> ``(N, C)`` by one cross-attention block.

    ``q <- q + MHA(LN(q), LN(x), LN(x))``, then ``q <- q + MLP(LN(q))``
    (pre-norm transformer block with the queries as the only targets);
    several queries are averaged.

    Args:
        channels: token channels C.
        num_heads: attention heads (must divide C).
        num_queries: learned query tokens.
        mlp_ratio: hidden width of the MLP relative to C.
    """

    def __init__(self, channels: int, num_heads: int = 4,
                 num_queries: int = 1, mlp_ratio: float = 2.0) -> None:
        super().__init__()
        if channels % num_heads:
            raise ValueError(f'num_heads={num_heads} must divide '
                             f'channels={channels}')
        self.query = nn.Parameter(torch.zeros(1, num_queries, channels))
        nn.init.trunc_normal_(self.query, std=0.02)
        self.norm_q = nn.LayerNorm(channels)
        self.norm_x = nn.LayerNorm(channels)
        self.attn = nn.MultiheadAttention(channels, num_heads,
                                          batch_first=True)
        self.norm_mlp = nn.LayerNorm(channels)
        hidden = int(channels * mlp_ratio)
        self.mlp = nn.Sequential(nn.Linear(channels, hidden), nn.GELU(),
                                 nn.Linear(hidden, channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() != 3 or x.shape[-1] != self.query.shape[-1]:
            raise ValueError(f'AttentivePooling expects (N, L, '
                             f'{self.query.shape[-1]}) tokens, got '
                             f'{tuple(x.shape)}')
        q = self.query.expand(x.shape[0], -1, -1)
        kv = self.norm_x(x)
        q = q + self.attn(self.norm_q(q), kv, kv, need_weights=False)[0]
        q = q + self.mlp(self.norm_mlp(q))
        return q.mean(dim=1)
