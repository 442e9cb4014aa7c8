"""V-JEPA: predict masked spatio-temporal blocks in feature space."""
from __future__ import annotations

import logging
from typing import Dict, List, Optional, Sequence, Union

import torch
import torch.nn.functional as F
from mmengine.logging import print_log

from mmaction.registry import MODELS
from mmaction.structures import ActionDataSample
from .base import BaseVideoSelfSup, Inputs
from .ema import MomentumEMA, scheduled_momentum
from .mae import single_clip
from .masking import multiblock_mask

# V-JEPA's two mask groups (Bardes et al. 2024, App. C, Table 8): 8 short-
# range blocks of 15 % of the frame and 2 long-range blocks of 70 %, both
# spanning the whole clip in time, aspect ratio 0.75-1.5.
DEFAULT_MASKS = (
    dict(num_blocks=8, spatial_scale=(0.15, 0.15), temporal_scale=(1., 1.),
         aspect_ratio=(0.75, 1.5)),
    dict(num_blocks=2, spatial_scale=(0.7, 0.7), temporal_scale=(1., 1.),
         aspect_ratio=(0.75, 1.5)),
)


@MODELS.register_module()
class VJEPA(BaseVideoSelfSup):
    """Video Joint-Embedding Predictive Architecture.

    Bardes et al. 2024 (https://arxiv.org/abs/2404.08471). The context
    encoder (``backbone``, a :class:`VideoViT`) sees the tokens outside a
    multi-block mask; the head's predictor regresses, at the masked
    positions, the features that an EMA copy of the encoder (the target,
    ``target_net``, no gradient) computes from the whole clip, layer-
    normalised; L1 loss. Each mask group of ``masks`` gives one
    (context, target) pair per step and the loss is their mean; a group's
    mask is drawn once per step and shared by the batch (V-JEPA draws one
    per clip and trims the batch to the shortest; sharing keeps the
    context exactly the complement of the target). The target momentum
    follows ``momentum_schedule`` from ``base_momentum`` to
    ``end_momentum`` (weight of the new value: V-JEPA's 0.998 -> 1 is
    0.002 -> 0, linear). Logged: ``target_std``, the standard deviation of
    the target features across the tokens of a clip (averaged over
    channels and clips; 1 would be fully spread, 0 identical tokens). A
    warning is logged once when it stays below ``collapse_std`` for
    ``collapse_patience`` steps: the target then carries no information and
    the loss can fall without learning. ``backbone.*`` (the context
    encoder) is handed over by default; V-JEPA's own evaluation uses the
    target encoder, ``prefix='target_net.module.'``.

    Args:
        backbone: :class:`VideoViT` config.
        head: :class:`VJEPAHead` config.
        masks: mask groups, keyword arguments of :func:`multiblock_mask`.
        base_momentum: EMA weight of the online encoder at iteration 0.
        end_momentum: EMA weight at the last iteration.
        momentum_schedule: ``'linear'`` (V-JEPA) or ``'cosine'``.
        collapse_std: ``target_std`` below which a step counts as collapsed.
        collapse_patience: consecutive collapsed steps before the warning
            (0 disables it).
        data_preprocessor: see :class:`BaseVideoSelfSup`.
        init_cfg: mmengine init config.
    """

    def __init__(self, backbone: dict, head: dict,
                 masks: Sequence[dict] = DEFAULT_MASKS,
                 base_momentum: float = 0.002, end_momentum: float = 0.0,
                 momentum_schedule: str = 'linear',
                 collapse_std: float = 0.05, collapse_patience: int = 50,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[Union[dict, List[dict]]] = None) -> None:
        super().__init__(backbone=backbone, head=head,
                         data_preprocessor=data_preprocessor,
                         init_cfg=init_cfg)
        if not masks:
            raise ValueError('VJEPA needs at least one mask group')
        scheduled_momentum(momentum_schedule, base_momentum, end_momentum,
                           None, None)  # validates the schedule name
        self.masks = [dict(m) for m in masks]
        self.base_momentum = base_momentum
        self.end_momentum = end_momentum
        self.momentum_schedule = momentum_schedule
        self.target_net = MomentumEMA(self.backbone, base_momentum)
        self.collapse_std = collapse_std
        self.collapse_patience = collapse_patience
        self._last_std = None

    def momentum(self) -> float:
        """Target EMA weight of the current iteration."""
        cur_iter, max_iters, _ = self.train_progress()
        return scheduled_momentum(self.momentum_schedule, self.base_momentum,
                                  self.end_momentum, cur_iter, max_iters)

    def extract_feat(self, inputs: Inputs) -> torch.Tensor:
        return self.backbone(single_clip(inputs, type(self).__name__))

    @torch.no_grad()
    def target_features(self, x: torch.Tensor) -> torch.Tensor:
        """``LN(target(x))`` over all tokens, ``(N, L, C)``, no gradient."""
        target = self.target_net.module
        feats = target.encode(target.embed(x)[0])
        return F.layer_norm(feats, feats.shape[-1:])

    def _check_collapse(self) -> None:
        """Warn once when the previous steps' targets were all alike (reads
        the previous step's value: no device sync on the current one)."""
        if self._last_std is None:
            return
        std = float(self._last_std)
        low = std < self.collapse_std
        if self.collapse_streak(low):
            print_log(
                f'V-JEPA: the target features have had a spread across '
                f'tokens below {self.collapse_std} (now {std:.4f}) for '
                f'{self.collapse_iters} iterations: the representation '
                'has collapsed and the falling loss means nothing; lower '
                'the learning rate or slow the EMA (base_momentum)',
                logger='current', level=logging.WARNING)

    def loss(self, inputs: Inputs,
             data_samples: Optional[List[ActionDataSample]] = None
             ) -> Dict[str, torch.Tensor]:
        x = single_clip(inputs, type(self).__name__)
        self.target_net.update_parameters(self.backbone, self.momentum())
        target = self.target_features(x)
        tokens, grid = self.backbone.embed(x)
        n = x.shape[0]
        losses = []
        for group in self.masks:
            mask = multiblock_mask(grid, **group, device=x.device)
            context_idx = (~mask).nonzero()[:, 0].expand(n, -1)
            target_idx = mask.nonzero()[:, 0].expand(n, -1)
            context = self.backbone.encode(tokens[:, ~mask])
            losses.append(self.head.loss(context, context_idx, target_idx,
                                         target))
        self._check_collapse()
        target_std = target.std(dim=1).mean()
        self._last_std = target_std
        return dict(loss=torch.stack(losses).mean(), target_std=target_std)
