"""Valence/arousal + expression + action units on one temporal trunk."""
from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import torch
import torch.nn as nn

from mmaction.registry import MODELS
from .frame_features import Feats
from .trunk_head import TrunkHead

Outputs = Tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]


@MODELS.register_module()
class MultiTaskHead(TrunkHead):
    """One trunk, three per-frame outputs (the ABAW multi-task setting).

    Kollias and Zafeiriou, "Expression, Affect, Action Unit Recognition:
    Aff-Wild2, Multi-Task Learning and ArcFace", BMVC 2019
    (https://arxiv.org/abs/1910.04855). ``forward`` returns ``(reg, va_logits,
    expr_logits, au_logits)``: ``(N, T, 2)`` valence/arousal regression and
    ``(N, T, 2, bins)`` bin logits (the :class:`GRUVAHead` contract),
    ``(N, T, K)`` and ``(N, T, A)``.

    A frame may carry any subset of the labels, as in Aff-Wild2 where each
    video is annotated for some tasks only: ``gt_va`` (T, 2) with NaN where
    unlabelled, ``gt_expr`` (T,) and ``gt_au`` (T, A) with ``-1``; a task
    whose field is absent from the batch adds no loss. ``frame_mask`` (T,)
    drops padding and frames without a face for every task. Prediction
    writes ``pred_va``, ``pred_va_prob``, ``pred_expr`` and ``pred_au``.

    Args:
        in_channels: backbone feature channels.
        trunk: temporal trunk config.
        num_bins: valence/arousal bins.
        num_classes: expression classes.
        num_aus: action units.
        dropout: dropout on the trunk output.
        pred_range: eval-mode clipping of the regression, as GRUVAHead.
        loss_va: loss on (reg, logits, target, mask): VACompositeLoss.
        loss_expr: expression loss config (:class:`FrameCELoss`).
        loss_au: AU loss config (:class:`AUBCELoss`).
        task_weights: factor on each task's losses (keys va, expr, au).
        clip_features: ``'reject'`` or ``'broadcast'`` 2-D clip features
            (C3D) over the frames.
        init_cfg: mmengine init config.
    """

    def __init__(self, in_channels: int = 512,
                 trunk: Dict = dict(type='GRUTrunk'), num_bins: int = 20,
                 num_classes: int = 8, num_aus: int = 12,
                 dropout: float = 0.0,
                 pred_range: Optional[Tuple[float, float]] = (-1.0, 1.0),
                 loss_va: Dict = dict(type='VACompositeLoss'),
                 loss_expr: Dict = dict(type='FrameCELoss'),
                 loss_au: Dict = dict(type='AUBCELoss'),
                 task_weights: Optional[Dict[str, float]] = None,
                 clip_features: str = 'reject',
                 init_cfg: Optional[Dict] = None) -> None:
        super().__init__(in_channels, trunk, loss_va, 2, init_cfg,
                         clip_features)
        self.num_bins = num_bins
        self.pred_range = None if pred_range is None else tuple(pred_range)
        self.loss_expr = MODELS.build(loss_expr)
        self.loss_au = MODELS.build(loss_au)
        self.task_weights = dict(va=1.0, expr=1.0, au=1.0)
        unknown = set(task_weights or {}) - set(self.task_weights)
        if unknown:
            raise ValueError(f'task_weights has unknown tasks {unknown}')
        self.task_weights.update(task_weights or {})
        self.dropout = nn.Dropout(dropout)
        c = self.out_channels
        self.fc_reg = nn.Linear(c, 2)
        self.fc_bins = nn.Linear(c, 2 * num_bins)
        self.fc_expr = nn.Linear(c, num_classes)
        self.fc_au = nn.Linear(c, num_aus)

    def forward(self, x: Feats, num_frames: Optional[int] = None,
                **kwargs) -> Outputs:
        y = self.dropout(self.sequence(x, num_frames,
                                       kwargs.get('num_samples')))
        reg = self.fc_reg(y)
        if self.pred_range is not None and not self.training:
            reg = reg.clamp(*self.pred_range)
        bins = self.fc_bins(y).unflatten(-1, (2, self.num_bins))
        return reg, bins, self.fc_expr(y), self.fc_au(y)

    def loss_by_feat(self, outputs: Outputs, data_samples: List) -> Dict:
        reg, bins, expr, au = outputs
        mask = self.stack(data_samples, 'frame_mask', reg).bool()
        losses: Dict = {}
        first = data_samples[0]
        if 'gt_va' in first:
            va = self.stack(data_samples, 'gt_va', reg).float()
            ok = mask & torch.isfinite(va).all(-1)
            if ok.any():
                for k, v in self.loss_cls(reg, bins, torch.nan_to_num(va),
                                          ok).items():
                    losses[k] = self.task_weights['va'] * v if \
                        k.startswith('loss') else v
            else:   # no VA label in this batch: no VA loss, same graph
                losses['loss_va'] = reg.sum() * 0.0 + bins.sum() * 0.0
        if 'gt_expr' in first:
            target = self.stack(data_samples, 'gt_expr', reg)
            losses['loss_expr'] = self.task_weights['expr'] * \
                self.loss_expr(expr, target, mask)
        if 'gt_au' in first:
            target = self.stack(data_samples, 'gt_au', reg)
            losses['loss_au'] = self.task_weights['au'] * \
                self.loss_au(au, target, mask)
        if not any(k.startswith('loss') for k in losses):
            raise KeyError('MultiTaskHead: the batch has none of gt_va, '
                           'gt_expr, gt_au')
        return losses

    def predict_by_feat(self, outputs: Outputs, data_samples: List) -> List:
        reg, bins, expr, au = (o.float() for o in outputs)
        self.check_batch(reg.shape[0], data_samples, 'MultiTaskHead')
        for i, ds in enumerate(data_samples):
            ds.pred_va = reg[i].detach()
            ds.pred_va_prob = bins[i].softmax(-1).detach()
            ds.pred_expr = expr[i].softmax(-1).detach()
            ds.pred_au = au[i].sigmoid().detach()
        return data_samples
