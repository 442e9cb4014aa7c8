"""Per-frame multi-label action-unit detection head (ABAW AU track)."""
from __future__ import annotations

from typing import Dict, Optional

import torch

from mmaction.registry import MODELS
from .frame_label_head import FrameLabelHead


@MODELS.register_module()
class FrameAUHead(FrameLabelHead):
    """Temporal trunk -> one activation logit per AU and frame.

    Kollias et al., ABAW AU track (https://arxiv.org/abs/2303.01498): 12
    AUs (1, 2, 4, 6, 7, 10, 12, 15, 23, 24, 25, 26), multi-label per frame,
    ``-1`` unlabelled. ``forward`` returns logits ``(N, T, A)``; training
    reads ``gt_au`` (T, A) and ``frame_mask`` (T,); prediction writes
    ``pred_au`` (T, A) probabilities (sigmoid).

    Args:
        in_channels: backbone feature channels.
        num_aus: action units.
        trunk: temporal trunk config, None for a per-frame linear probe.
        dropout: dropout before the classifier.
        loss_au: loss config, :class:`AUBCELoss` by default (set its
            ``pos_weight`` against imbalance).
        clip_features: ``'reject'`` or ``'broadcast'`` 2-D clip features
            (C3D) over the frames.
        init_cfg: mmengine init config.
    """

    task = 'au'

    def __init__(self, in_channels: int = 512, num_aus: int = 12,
                 trunk: Optional[Dict] = dict(type='GRUTrunk'),
                 dropout: float = 0.0,
                 loss_au: Dict = dict(type='AUBCELoss'),
                 clip_features: str = 'reject',
                 init_cfg: Optional[Dict] = None) -> None:
        super().__init__(in_channels, trunk, dropout, loss_au, num_aus,
                         init_cfg, clip_features)

    def probabilities(self, logits: torch.Tensor) -> torch.Tensor:
        """Independent per-AU activation probabilities (sigmoid)."""
        return logits.sigmoid()
