"""Temporal GRU head for per-frame arousal/valence (SS-VAERR).

Jegorova et al., "Self-Supervised Apparent Emotional Reaction Recognition
from Video", FG 2023 (https://arxiv.org/abs/2306.03285).
"""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Tuple, Union

import torch
import torch.nn as nn
import torch.nn.functional as F

from mmaction.models.heads import BaseHead
from mmaction.registry import MODELS

Feats = Union[torch.Tensor, Sequence[torch.Tensor]]


@MODELS.register_module()
class GRUVAHead(BaseHead):
    """GRU over per-frame features -> per-frame regression + bin logits.

    Accepts the output of any mmaction2 3D backbone, ``(N, C, T', H', W')``
    (space is average-pooled), or per-frame features ``(N, C, T')``. When the
    backbone strides in time (``T' != T``) the features are linearly
    interpolated to the ``T`` label frames before the GRU, so every frame gets
    a prediction.

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
        init_cfg: mmengine init config.
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
                 init_cfg: Optional[Dict] = None) -> None:
        super().__init__(num_classes=num_dims, in_channels=in_channels,
                         loss_cls=loss_va, init_cfg=init_cfg)
        if reg_activation not in (None, 'tanh'):
            raise ValueError("reg_activation must be None or 'tanh', got "
                             f'{reg_activation!r}')
        self.num_bins = num_bins
        self.num_dims = num_dims
        self.bidirectional = bidirectional
        self.reg_activation = reg_activation
        if pred_range is not None:
            pred_range = tuple(float(v) for v in pred_range)
            if len(pred_range) != 2 or pred_range[0] >= pred_range[1]:
                raise ValueError('pred_range must be (low, high) with '
                                 f'low < high, got {pred_range!r}')
        self.pred_range = pred_range
        self.dropout = nn.Dropout(dropout)
        self.gru = nn.GRU(in_channels, hidden_channels, num_layers,
                          batch_first=True, bidirectional=bidirectional,
                          dropout=dropout if num_layers > 1 else 0.0)
        out = hidden_channels * (2 if bidirectional else 1)
        self.fc_reg = nn.Linear(out, num_dims)
        self.fc_cls = nn.Linear(out, num_dims * num_bins)

    # ------------------------------------------------------------------ core
    @staticmethod
    def frame_features(x: Feats, num_frames: Optional[int] = None
                       ) -> torch.Tensor:
        """Pool space and align time: any backbone output -> (N, T, C)."""
        if isinstance(x, (tuple, list)):
            x = x[-1]
        if x.dim() == 5:
            x = x.mean(dim=(3, 4))
        elif x.dim() != 3:
            raise ValueError('GRUVAHead expects (N, C, T, H, W) or (N, C, T) '
                             f'features, got shape {tuple(x.shape)}')
        if num_frames is not None and x.shape[2] != num_frames:
            x = F.interpolate(x, size=int(num_frames), mode='linear',
                              align_corners=False)
        return x.transpose(1, 2)

    def temporal(self, x: torch.Tensor,
                 hx: Optional[torch.Tensor] = None
                 ) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """GRU + output layers on (N, T, C) frame features.

        Returns ``reg`` (N, T, D), ``logits`` (N, T, D, K) and the final GRU
        state (used by streaming inference to carry state across chunks).
        """
        y, h = self.gru(self.dropout(x), hx)
        reg = self.fc_reg(y)
        if self.reg_activation == 'tanh':
            reg = torch.tanh(reg)
        if self.pred_range is not None and not self.training:
            reg = reg.clamp(*self.pred_range)
        logits = self.fc_cls(y).unflatten(-1, (self.num_dims, self.num_bins))
        return reg, logits, h

    def forward(self, x: Feats, num_frames: Optional[int] = None,
                **kwargs) -> Tuple[torch.Tensor, torch.Tensor]:
        reg, logits, _ = self.temporal(self.frame_features(x, num_frames))
        return reg, logits

    # ------------------------------------------------------- train / test
    @staticmethod
    def _num_frames(data_samples: List) -> Optional[int]:
        meta = data_samples[0].metainfo if data_samples else {}
        if 'clip_len' in meta:
            return int(meta['clip_len'])
        if data_samples and 'gt_va' in data_samples[0]:
            return int(data_samples[0].gt_va.shape[0])
        return None

    def loss(self, feats: Feats, data_samples: List, **kwargs) -> Dict:
        reg, logits = self(feats, self._num_frames(data_samples))
        return self.loss_by_feat((reg, logits), data_samples)

    def loss_by_feat(self, outputs: Tuple[torch.Tensor, torch.Tensor],
                     data_samples: List) -> Dict:
        reg, logits = outputs
        target = torch.stack([ds.gt_va for ds in data_samples]).to(reg)
        mask = torch.stack([ds.frame_mask for ds in data_samples]).to(
            reg.device, torch.bool)
        if target.shape[:2] != reg.shape[:2]:
            raise ValueError(f'labels have {tuple(target.shape[:2])} '
                             f'(N, T) but predictions {tuple(reg.shape[:2])}')
        return self.loss_cls(reg, logits, target, mask)

    def predict(self, feats: Feats, data_samples: List, **kwargs) -> List:
        reg, logits = self(feats, self._num_frames(data_samples))
        return self.predict_by_feat((reg, logits), data_samples)

    def predict_by_feat(self, outputs: Tuple[torch.Tensor, torch.Tensor],
                        data_samples: List) -> List:
        reg, logits = outputs
        if reg.shape[0] != len(data_samples):
            raise ValueError('GRUVAHead predicts one clip per sample; got '
                             f'{reg.shape[0]} clips for {len(data_samples)} '
                             'samples (use num_clips=1)')
        prob = logits.float().softmax(dim=-1)
        for ds, r, p in zip(data_samples, reg.float(), prob):
            ds.pred_va = r.detach()
            ds.pred_va_prob = p.detach()
        return data_samples
