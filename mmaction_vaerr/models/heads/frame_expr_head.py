"""Per-frame expression classification head (ABAW Expr track)."""
from __future__ import annotations

from typing import Dict, Optional

import torch

from mmaction.registry import MODELS
from .frame_label_head import FrameLabelHead


@MODELS.register_module()
class FrameExprHead(FrameLabelHead):
    """Temporal trunk -> one expression class distribution per frame.

    Kollias et al., ABAW Expr track (https://arxiv.org/abs/2303.01498): 8
    classes (neutral, anger, disgust, fear, happiness, sadness, surprise,
    other), labels per frame, ``-1`` unlabelled. ``forward`` returns logits
    ``(N, T, K)``; training reads ``gt_expr`` (T,) and ``frame_mask`` (T,)
    of each sample; prediction writes ``pred_expr`` (T, K) probabilities.

    Args:
        in_channels: backbone feature channels.
        num_classes: expression classes.
        trunk: temporal trunk config, None for a per-frame linear probe.
        dropout: dropout before the classifier.
        loss_expr: loss config, :class:`FrameCELoss` by default (set its
            ``class_weight`` against imbalance).
        clip_features: ``'reject'`` or ``'broadcast'`` 2-D clip features
            (C3D) over the frames.
        init_cfg: mmengine init config.
    """

    task = 'expr'

    def __init__(self, in_channels: int = 512, num_classes: int = 8,
                 trunk: Optional[Dict] = dict(type='GRUTrunk'),
                 dropout: float = 0.0,
                 loss_expr: Dict = dict(type='FrameCELoss'),
                 clip_features: str = 'reject',
                 init_cfg: Optional[Dict] = None) -> None:
        super().__init__(in_channels, trunk, dropout, loss_expr,
                         num_classes, init_cfg, clip_features)

    def probabilities(self, logits: torch.Tensor) -> torch.Tensor:
        """Class distribution of each frame (softmax)."""
        return logits.softmax(-1)
