"""Per-frame expression classification head (ABAW Expr track)."""
from __future__ import annotations

from typing import Dict, List, Optional

import torch
import torch.nn as nn

from mmaction.registry import MODELS
from .temporal_trunk import Feats
from .trunk_head import TrunkHead


@MODELS.register_module()
class FrameExprHead(TrunkHead):
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
        init_cfg: mmengine init config.
    """

    def __init__(self, in_channels: int = 512, num_classes: int = 8,
                 trunk: Optional[Dict] = dict(type='GRUTrunk'),
                 dropout: float = 0.0,
                 loss_expr: Dict = dict(type='FrameCELoss'),
                 init_cfg: Optional[Dict] = None) -> None:
        super().__init__(in_channels, trunk, loss_expr, num_classes,
                         init_cfg)
        self.dropout = nn.Dropout(dropout)
        self.fc_expr = nn.Linear(self.out_channels, num_classes)

    def forward(self, x: Feats, num_frames: Optional[int] = None,
                **kwargs) -> torch.Tensor:
        return self.fc_expr(self.dropout(self.sequence(x, num_frames)))

    def loss_by_feat(self, logits: torch.Tensor, data_samples: List) -> Dict:
        target = self.stack(data_samples, 'gt_expr', logits)
        mask = self.stack(data_samples, 'frame_mask', logits)
        return dict(loss_expr=self.loss_cls(logits, target, mask))

    def predict_by_feat(self, logits: torch.Tensor,
                        data_samples: List) -> List:
        self.check_batch(logits.shape[0], data_samples, 'FrameExprHead')
        for ds, p in zip(data_samples, logits.float().softmax(-1)):
            ds.pred_expr = p.detach()
        return data_samples
