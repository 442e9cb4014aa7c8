"""Clip-level emotion head: pool frames (mean or attentive), classify."""
from __future__ import annotations

from typing import Dict, List, Optional

import torch
import torch.nn as nn

from mmaction.registry import MODELS
from .frame_features import Feats
from .trunk_head import TrunkHead

POOLINGS = ('mean', 'attentive')


@MODELS.register_module()
class ClipEmotionHead(TrunkHead):
    """One emotion class per clip (RAVDESS, CREMA-D).

    Three protocols by config (see ``configs/tasks/README.md``):

    * linear probe: ``trunk=None, pooling='mean'``, frozen backbone;
    * attentive probe (V-JEPA, https://arxiv.org/abs/2404.08471):
      ``trunk=None, pooling='attentive'``, frozen backbone; the queries
      attend over every space-time position of the backbone output;
    * fine-tuning: a temporal trunk (e.g. :class:`GRUTrunk`) over the frame
      features, pooled over time, trained with the backbone.

    Uses mmaction2's clip labels (``gt_label``); prediction sets
    ``pred_score`` (K,) probabilities and ``pred_label``. With several
    clips per sample (test-time ``num_clips > 1``) the clip probabilities
    are averaged.

    Args:
        in_channels: backbone feature channels.
        num_classes: emotion classes.
        trunk: temporal trunk config, or None.
        pooling: ``'mean'`` or ``'attentive'``.
        num_heads: attention heads of the attentive pooling.
        dropout: dropout before the classifier.
        loss_cls: loss config, :class:`FrameCELoss` by default.
        init_cfg: mmengine init config.
    """

    def __init__(self, in_channels: int = 512, num_classes: int = 8,
                 trunk: Optional[Dict] = None, pooling: str = 'mean',
                 num_heads: int = 4, dropout: float = 0.0,
                 loss_cls: Dict = dict(type='FrameCELoss'),
                 init_cfg: Optional[Dict] = None) -> None:
        super().__init__(in_channels, trunk, loss_cls, num_classes, init_cfg)
        if pooling not in POOLINGS:
            raise ValueError(f'pooling must be one of {POOLINGS}, got '
                             f'{pooling!r}')
        self.has_trunk = trunk is not None
        self.pooling = pooling
        self.pool = MODELS.build(dict(
            type='AttentivePooling', channels=self.out_channels,
            num_heads=num_heads)) if pooling == 'attentive' else None
        self.dropout = nn.Dropout(dropout)
        self.fc_cls = nn.Linear(self.out_channels, num_classes)

    def tokens(self, x: Feats) -> torch.Tensor:
        """``(N, L, C)``: trunk frames, or every space-time position."""
        if self.has_trunk or self.pooling == 'mean':
            return self.sequence(x)
        if isinstance(x, (tuple, list)):
            x = x[-1]
        return x.flatten(2).transpose(1, 2)

    def forward(self, x: Feats, num_frames: Optional[int] = None,
                **kwargs) -> torch.Tensor:
        tokens = self.tokens(x)
        pooled = tokens.mean(1) if self.pool is None else self.pool(tokens)
        return self.fc_cls(self.dropout(pooled))

    def loss(self, feats: Feats, data_samples: List, **kwargs) -> Dict:
        return self.loss_by_feat(self(feats), data_samples)

    def predict(self, feats: Feats, data_samples: List, **kwargs) -> List:
        return self.predict_by_feat(self(feats), data_samples)

    def loss_by_feat(self, logits: torch.Tensor, data_samples: List) -> Dict:
        target = torch.cat([ds.gt_label.reshape(1) for ds in data_samples]
                           ).to(logits.device)
        if logits.shape[0] != target.shape[0]:
            raise ValueError(f'{logits.shape[0]} clips for '
                             f'{target.shape[0]} labels (train with '
                             'num_clips=1)')
        loss = self.loss_cls(logits, target)
        with torch.no_grad():
            acc = (logits.argmax(1) == target).float().mean()
        return dict(loss_cls=loss, top1_acc=acc)

    def predict_by_feat(self, logits: torch.Tensor,
                        data_samples: List) -> List:
        n = len(data_samples)
        if logits.shape[0] % n:
            raise ValueError(f'{logits.shape[0]} clips do not split over '
                             f'{n} samples')
        prob = logits.float().softmax(-1).reshape(n, -1, logits.shape[-1])
        for ds, p in zip(data_samples, prob.mean(1)):
            ds.set_pred_score(p.detach())
            ds.set_pred_label(p.argmax().detach())
        return data_samples

