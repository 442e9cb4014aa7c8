"""Per-frame temporal trunk shared by the categorical and multi-task heads.

Any mmaction2 backbone output becomes frame features ``(N, T, C)``
(:func:`~.frame_features.frame_features`: space average-pooled, time
linearly aligned to the ``T`` label frames), then a GRU
(Cho et al., 2014, https://arxiv.org/abs/1406.1078; the SS-VAERR temporal
model, https://arxiv.org/abs/2210.11341) runs over them.
"""
from __future__ import annotations

import torch
import torch.nn as nn

from mmaction.registry import MODELS


@MODELS.register_module()
class GRUTrunk(nn.Module):
    """A GRU over frame features: ``(N, T, C)`` -> ``(N, T, out_channels)``.

    Args:
        in_channels: frame feature channels (512 for ResNet18).
        hidden_channels: GRU hidden size per direction.
        num_layers: GRU layers.
        bidirectional: offline (True) or causal, streamable (False).
        dropout: dropout on the input and between GRU layers.
    """

    def __init__(self, in_channels: int = 512, hidden_channels: int = 256,
                 num_layers: int = 2, bidirectional: bool = True,
                 dropout: float = 0.0) -> None:
        super().__init__()
        self.in_channels = in_channels
        self.dropout = nn.Dropout(dropout)
        self.gru = nn.GRU(in_channels, hidden_channels, num_layers,
                          batch_first=True, bidirectional=bidirectional,
                          dropout=dropout if num_layers > 1 else 0.0)
        self.out_channels = hidden_channels * (2 if bidirectional else 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() != 3 or x.shape[-1] != self.in_channels:
            raise ValueError(f'GRUTrunk expects (N, T, {self.in_channels}) '
                             f'features, got {tuple(x.shape)}')
        return self.gru(self.dropout(x))[0]
