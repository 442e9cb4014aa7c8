"""Temporal GRU head for per-frame arousal/valence (SS-VAERR).

Jegorova et al., "Self-Supervised Apparent Emotional Reaction Recognition
from Video", FG 2023 (https://arxiv.org/abs/2210.11341).
"""
from __future__ import annotations

from typing import Dict, Optional, Tuple

import torch
import torch.nn as nn

from mmaction.registry import MODELS
from .base_va_head import BaseVAHead


@MODELS.register_module()
class GRUVAHead(BaseVAHead):
    """GRU over per-frame features -> per-frame regression + bin logits.

    Accepts the output of any mmaction2 backbone (see
    :mod:`.frame_features`): ``(N, C, T', H', W')`` (space is
    average-pooled), frame-folded ``(N*T', C, H', W')``, per-frame
    ``(N, C, T')``, or clip features ``(N, C)`` with
    ``clip_features='broadcast'``. When the backbone strides in time
    (``T' != T``) the features are linearly interpolated to the ``T`` label
    frames before the GRU, so every frame gets a prediction.

    Outputs ``reg`` ``(N, T, D)`` (one value per dimension, D = 2 for
    arousal, valence) and ``logits`` ``(N, T, D, K)`` over ``K`` uniform bins
    on [-1, 1]. Predictions go to ``pred_va`` ``(T, D)`` and the bin
    probabilities to ``pred_va_prob`` ``(T, D, K)`` of each data sample.

    Args:
        in_channels: feature channels of the backbone (512 for ResNet18).
        hidden_channels: GRU hidden size per direction.
        num_layers: GRU layers.
        bidirectional: bidirectional (offline) or unidirectional (online,
            streaming) GRU.
        num_bins: classification bins per dimension.
        num_dims: regressed dimensions (2: arousal, valence).
        dropout: dropout on the GRU input and between GRU layers.
        reg_activation: ``None`` (linear, as the paper) or ``'tanh'``.
        pred_range: ``(low, high)``: in eval mode (testing, inference,
            export) regression outputs are clipped to this range, the range
            the labels are normalised to; training always sees the raw
            outputs, so gradients are unaffected. ``None`` keeps them raw.
        loss_va: config of the loss on ``(reg, logits, target, mask)``,
            by default :class:`VACompositeLoss` with the paper's SEWA weights.
        **kwargs: ``with_cls``, ``clip_features``, ``num_segments``,
            ``init_cfg`` of :class:`BaseVAHead`.
    """

    def __init__(self,
                 in_channels: int = 512,
                 hidden_channels: int = 256,
                 num_layers: int = 2,
                 bidirectional: bool = True,
                 num_bins: int = 20,
                 num_dims: int = 2,
                 dropout: float = 0.0,
                 reg_activation: Optional[str] = None,
                 pred_range: Optional[Tuple[float, float]] = None,
                 loss_va: Dict = dict(type='VACompositeLoss'),
                 **kwargs) -> None:
        super().__init__(in_channels, num_bins, num_dims, reg_activation,
                         pred_range, loss_va, **kwargs)
        self.bidirectional = bidirectional
        self.causal = not bidirectional
        self.dropout = nn.Dropout(dropout)
        self.gru = nn.GRU(in_channels, hidden_channels, num_layers,
                          batch_first=True, bidirectional=bidirectional,
                          dropout=dropout if num_layers > 1 else 0.0)
        self._init_outputs(hidden_channels * (2 if bidirectional else 1))

    def encode(self, x: torch.Tensor, state: Optional[torch.Tensor] = None
               ) -> Tuple[torch.Tensor, torch.Tensor]:
        """GRU on (N, T, C); the state is the final hidden state ``h_n``."""
        return self.gru(self.dropout(x), state)
