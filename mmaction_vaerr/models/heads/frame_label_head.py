"""Base of the per-frame label heads: trunk -> dropout -> one linear layer.

:class:`FrameAUHead` and :class:`FrameExprHead` differ only in the task
name (``'au'`` / ``'expr'``: the layer ``fc_<task>``, the fields
``gt_<task>`` / ``pred_<task>`` and the loss key ``loss_<task>``) and in
how logits become probabilities.
"""
from __future__ import annotations

from typing import Dict, List, Optional

import torch
import torch.nn as nn

from .frame_features import Feats
from .trunk_head import TrunkHead


class FrameLabelHead(TrunkHead):
    """Temporal trunk -> ``num_outputs`` logits per frame (not registered).

    Subclasses set :attr:`task` and implement :meth:`probabilities`.

    Args:
        in_channels: backbone feature channels.
        trunk: temporal trunk config, None for a per-frame linear probe.
        dropout: dropout before the classifier.
        loss: loss config on ``(logits, target, frame_mask)``.
        num_outputs: classes (Expr) or action units (AU).
        init_cfg: mmengine init config.
        clip_features: ``'reject'`` or ``'broadcast'`` 2-D clip features.
    """

    task = ''

    def __init__(self, in_channels: int, trunk: Optional[Dict],
                 dropout: float, loss: Dict, num_outputs: int,
                 init_cfg: Optional[Dict] = None,
                 clip_features: str = 'reject') -> None:
        super().__init__(in_channels, trunk, loss, num_outputs, init_cfg,
                         clip_features)
        self.dropout = nn.Dropout(dropout)
        # fc_au / fc_expr: the names checkpoints hold
        setattr(self, f'fc_{self.task}',
                nn.Linear(self.out_channels, num_outputs))

    def probabilities(self, logits: torch.Tensor) -> torch.Tensor:
        """Per-frame probabilities of ``(N, T, C)`` logits."""
        raise NotImplementedError

    def forward(self, x: Feats, num_frames: Optional[int] = None,
                **kwargs) -> torch.Tensor:
        fc = getattr(self, f'fc_{self.task}')
        return fc(self.dropout(self.sequence(x, num_frames,
                                             kwargs.get('num_samples'))))

    def loss_by_feat(self, logits: torch.Tensor, data_samples: List) -> Dict:
        target = self.stack(data_samples, f'gt_{self.task}', logits)
        mask = self.stack(data_samples, 'frame_mask', logits)
        return {f'loss_{self.task}': self.loss_cls(logits, target, mask)}

    def predict_by_feat(self, logits: torch.Tensor,
                        data_samples: List) -> List:
        self.check_batch(logits.shape[0], data_samples, type(self).__name__)
        for ds, p in zip(data_samples, self.probabilities(logits.float())):
            setattr(ds, f'pred_{self.task}', p.detach())
        return data_samples
