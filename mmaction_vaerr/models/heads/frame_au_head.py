"""Per-frame multi-label action-unit detection head (ABAW AU track)."""
from __future__ import annotations

from typing import Dict, List, Optional

import torch
import torch.nn as nn

from mmaction.registry import MODELS
from .temporal_trunk import Feats
from .trunk_head import TrunkHead


@MODELS.register_module()
class FrameAUHead(TrunkHead):
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
        init_cfg: mmengine init config.
    """

    def __init__(self, in_channels: int = 512, num_aus: int = 12,
                 trunk: Optional[Dict] = dict(type='GRUTrunk'),
                 dropout: float = 0.0,
                 loss_au: Dict = dict(type='AUBCELoss'),
                 init_cfg: Optional[Dict] = None) -> None:
        super().__init__(in_channels, trunk, loss_au, num_aus, init_cfg)
        self.dropout = nn.Dropout(dropout)
        self.fc_au = nn.Linear(self.out_channels, num_aus)

    def forward(self, x: Feats, num_frames: Optional[int] = None,
                **kwargs) -> torch.Tensor:
        return self.fc_au(self.dropout(self.sequence(x, num_frames)))

    def loss_by_feat(self, logits: torch.Tensor, data_samples: List) -> Dict:
        target = self.stack(data_samples, 'gt_au', logits)
        mask = self.stack(data_samples, 'frame_mask', logits)
        return dict(loss_au=self.loss_cls(logits, target, mask))

    def predict_by_feat(self, logits: torch.Tensor,
                        data_samples: List) -> List:
        self.check_batch(logits.shape[0], data_samples, 'FrameAUHead')
        for ds, p in zip(data_samples, logits.float().sigmoid()):
            ds.pred_au = p.detach()
        return data_samples
