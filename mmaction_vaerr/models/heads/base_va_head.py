"""Shared base of the per-frame arousal/valence heads (GRU, TCN, Transformer).

Everything after the temporal model lives here: per-frame regression and
bin logits, the loss on valid frames, ``pred_va`` / ``pred_va_prob``, test
time clipping, the output calibration fitted on validation
(:mod:`mmaction_vaerr.evaluation.calibration`) and the alignment of any
backbone output to the label frames.
SS-VAERR: Jegorova et al., FG 2023 (https://arxiv.org/abs/2210.11341).
"""
from __future__ import annotations

from abc import abstractmethod
from typing import Any, Dict, List, Optional, Tuple

import torch
import torch.nn as nn

from mmaction.models.heads import BaseHead
from .frame_features import CLIP_FEATURES, Feats, frame_features
from .va_head_utils import loss_cfg, upgrade_state_dict

Outputs = Tuple[torch.Tensor, Optional[torch.Tensor]]


class BaseVAHead(BaseHead):
    """Temporal model (subclass) + per-frame regression and bin logits.

    Subclasses build their temporal model, call :meth:`_init_outputs` with
    its output width and implement :meth:`encode`.

    Outputs: ``reg`` ``(N, T, D)`` and ``logits`` ``(N, T, D, K)`` over ``K``
    uniform bins on [-1, 1], or ``None`` when the head has no
    classification branch. Predictions go to ``pred_va`` ``(T, D)`` and bin
    probabilities to ``pred_va_prob`` ``(T, D, K)`` of each data sample.

    Args:
        in_channels: feature channels of the backbone.
        num_bins: classification bins per dimension (>= 1).
        num_dims: regressed dimensions (2: arousal, valence).
        reg_activation: ``None`` (linear, as the paper) or ``'tanh'``.
        pred_range: ``(low, high)`` clipping of the regression in eval mode;
            training sees the raw outputs. ``None`` keeps them raw.
        loss_va: loss on ``(reg, logits, target, mask)``; the head's
            ``num_bins``/``num_dims`` are passed to it.
        with_cls: build the bin classifier ``fc_cls``. ``None`` (default):
            only when the loss uses the logits (``loss.uses_logits``, e.g.
            ``ce``/``ncce`` weights > 0); a branch without gradient would
            stall ``DistributedDataParallel``.
        clip_features: ``'reject'`` or ``'broadcast'`` 2-D clip features.
        num_segments: frames per clip of 4-D input when neither
            ``num_segs`` nor the data samples give it.
        init_cfg: mmengine init config.
    """

    causal: bool = False  # output at t depends only on frames <= t

    def __init__(self, in_channels: int, num_bins: int = 20,
                 num_dims: int = 2, reg_activation: Optional[str] = None,
                 pred_range: Optional[Tuple[float, float]] = None,
                 loss_va: Dict = dict(type='VACompositeLoss'),
                 with_cls: Optional[bool] = None,
                 clip_features: str = 'reject',
                 num_segments: Optional[int] = None,
                 init_cfg: Optional[Dict] = None) -> None:
        for name, v in (('num_bins', num_bins), ('num_dims', num_dims)):
            if isinstance(v, bool) or not isinstance(v, int) or v < 1:
                raise ValueError(f'{name} must be an integer >= 1, got {v!r}')
        if reg_activation not in (None, 'tanh'):
            raise ValueError("reg_activation must be None or 'tanh', got "
                             f'{reg_activation!r}')
        if clip_features not in CLIP_FEATURES:
            raise ValueError(f'clip_features must be one of {CLIP_FEATURES},'
                             f' got {clip_features!r}')
        if pred_range is not None:
            pred_range = tuple(float(v) for v in pred_range)
            if len(pred_range) != 2 or pred_range[0] >= pred_range[1]:
                raise ValueError('pred_range must be (low, high) with '
                                 f'low < high, got {pred_range!r}')
        # BaseHead builds its loss as ``loss_cls``; ours is the VA loss
        super().__init__(num_classes=num_bins, in_channels=in_channels,
                         loss_cls=loss_cfg(loss_va, num_bins, num_dims),
                         init_cfg=init_cfg)
        self.loss_va = self.loss_cls
        del self.loss_cls
        uses = bool(getattr(self.loss_va, 'uses_logits', True))
        if with_cls is False and uses:
            raise ValueError('with_cls=False, but the loss uses the bin '
                             'logits (ce/ncce weight > 0)')
        self.with_cls = uses if with_cls is None else bool(with_cls)
        self.num_bins = num_bins
        self.num_dims = num_dims
        self.reg_activation = reg_activation
        self.pred_range = pred_range
        self.clip_features = clip_features
        self.num_segments = num_segments
        # eval-mode y' = va_shift + va_scale * y (identity until calibrated;
        # buffers, so that a calibrated checkpoint carries them)
        self.register_buffer('va_scale', torch.ones(num_dims))
        self.register_buffer('va_shift', torch.zeros(num_dims))

    def set_calibration(self, scale, shift) -> None:
        """Apply ``shift + scale * y`` to eval-mode predictions ``y``
        (clipped to ``pred_range`` before and after); scales must be > 0."""
        scale, shift = (torch.as_tensor(v, dtype=torch.float32).reshape(-1)
                        for v in (scale, shift))
        if scale.numel() != self.num_dims or shift.numel() != self.num_dims:
            raise ValueError(f'calibration needs {self.num_dims} scales and '
                             f'shifts, got {scale.numel()} / {shift.numel()}')
        if not bool((scale > 0).all() and torch.isfinite(shift).all()):
            raise ValueError(f'calibration scales must be > 0 and shifts '
                             f'finite, got {scale.tolist()} / '
                             f'{shift.tolist()}')
        self.va_scale.copy_(scale)
        self.va_shift.copy_(shift)

    def _init_outputs(self, channels: int) -> None:
        """Per-frame output layers on ``channels``-wide temporal features."""
        self.fc_reg = nn.Linear(channels, self.num_dims)
        self.fc_cls = nn.Linear(channels, self.num_dims * self.num_bins) \
            if self.with_cls else None

    # ------------------------------------------------------------------ core
    @abstractmethod
    def encode(self, x: torch.Tensor, state: Any = None
               ) -> Tuple[torch.Tensor, Any]:
        """Temporal model: (N, T, C) -> (N, T, C') and its carried state."""

    def outputs(self, y: torch.Tensor) -> Outputs:
        """(N, T, C') temporal features -> ``reg``, ``logits`` (or None)."""
        reg = self.fc_reg(y)
        if self.reg_activation == 'tanh':
            reg = torch.tanh(reg)
        if not self.training:     # the fit saw clipped outputs: clip twice
            if self.pred_range is not None:
                reg = reg.clamp(*self.pred_range)
            reg = reg * self.va_scale.to(reg.dtype) + \
                self.va_shift.to(reg.dtype)
            if self.pred_range is not None:
                reg = reg.clamp(*self.pred_range)
        logits = None
        if self.fc_cls is not None:
            logits = self.fc_cls(y).unflatten(
                -1, (self.num_dims, self.num_bins))
        return reg, logits

    def temporal(self, x: torch.Tensor, state: Any = None
                 ) -> Tuple[torch.Tensor, Optional[torch.Tensor], Any]:
        """Temporal model + outputs on (N, T, C) frame features.

        Returns ``reg`` (N, T, D), ``logits`` (N, T, D, K) or None, and the
        state to pass with the next chunk (exact for causal heads).
        """
        y, state = self.encode(x, state)
        reg, logits = self.outputs(y)
        return reg, logits, state

    # the function of :mod:`.frame_features` (default: clip features rejected)
    frame_features = staticmethod(frame_features)

    def align(self, x: Feats, num_frames: Optional[int] = None,
              num_segs: Optional[int] = None,
              num_samples: Optional[int] = None) -> torch.Tensor:
        """Any backbone output -> (N, T, C) with this head's settings
        (``clip_features``, ``num_segments``); see :mod:`.frame_features`."""
        if num_segs is None and not num_samples:
            num_segs = self.num_segments
        return frame_features(x, num_frames, num_segs, self.clip_features,
                              num_samples)

    def forward(self, x: Feats, num_frames: Optional[int] = None,
                num_segs: Optional[int] = None,
                num_samples: Optional[int] = None, **kwargs) -> Outputs:
        feats = self.align(x, num_frames, num_segs, num_samples)
        reg, logits, _ = self.temporal(feats)
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

    def _run(self, feats: Feats, data_samples: List,
             num_segs: Optional[int]) -> Outputs:
        return self(feats, self._num_frames(data_samples), num_segs,
                    len(data_samples) or None)

    def loss(self, feats: Feats, data_samples: List,
             num_segs: Optional[int] = None, **kwargs) -> Dict:
        return self.loss_by_feat(self._run(feats, data_samples, num_segs),
                                 data_samples)

    def loss_by_feat(self, outputs: Outputs, data_samples: List) -> Dict:
        reg, logits = outputs
        target = torch.stack([ds.gt_va for ds in data_samples]).to(reg)
        mask = torch.stack([ds.frame_mask for ds in data_samples]).to(
            reg.device, torch.bool)
        if target.shape[:2] != reg.shape[:2]:
            raise ValueError(f'labels have {tuple(target.shape[:2])} '
                             f'(N, T) but predictions {tuple(reg.shape[:2])}')
        return self.loss_va(reg, logits, target, mask)

    def predict(self, feats: Feats, data_samples: List,
                num_segs: Optional[int] = None, **kwargs) -> List:
        return self.predict_by_feat(self._run(feats, data_samples, num_segs),
                                    data_samples)

    def predict_by_feat(self, outputs: Outputs, data_samples: List) -> List:
        reg, logits = outputs
        if reg.shape[0] != len(data_samples):
            raise ValueError(f'{type(self).__name__} predicts one clip per '
                             f'sample; got {reg.shape[0]} clips for '
                             f'{len(data_samples)} samples (use num_clips=1)')
        probs = [None] * len(data_samples) if logits is None else \
            logits.float().softmax(dim=-1)
        for ds, r, p in zip(data_samples, reg.float(), probs):
            ds.pred_va = r.detach()
            if p is not None:
                ds.pred_va_prob = p.detach()
        return data_samples

    # ------------------------------------------------ checkpoint loading
    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        """Read checkpoints of earlier versions (see
        :func:`.va_head_utils.upgrade_state_dict`)."""
        upgrade_state_dict(self, state_dict, prefix)
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)
