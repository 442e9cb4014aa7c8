"""Shared base of the self-supervised pretext algorithms (LiRA, BYOL, DINO).

Design follows mmpretrain's ``BaseSelfSupervisor``: the base builds the parts
from config and dispatches on ``mode``; each algorithm overrides
:meth:`BaseVideoSelfSup.loss`, and those whose features are not the
backbone's pooled output (LiRA: the conformer's sequence; MAE and V-JEPA:
the unmasked tokens) also override :meth:`BaseVideoSelfSup.extract_feat`.
"""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Union

import torch
from mmengine.logging import MessageHub
from mmengine.model import BaseModel

from mmaction.registry import MODELS
from mmaction.structures import ActionDataSample
from .data_preprocessor import GRAY_MEAN, GRAY_STD
from .ema import cosine_momentum

Inputs = Union[torch.Tensor, List[torch.Tensor]]


@MODELS.register_module()
class BaseVideoSelfSup(BaseModel):
    """Backbone + optional neck + optional head, built from config.

    The ``backbone`` attribute is the network handed over to the downstream
    model: its checkpoint keys are ``backbone.*`` (load them with
    ``ResNet18Stem3D(init_cfg=dict(type='Pretrained', checkpoint=...,
    prefix='backbone.'))``).

    Args:
        backbone: backbone config, e.g. ``dict(type='ResNet18Stem3D')``.
        neck: optional neck config.
        head: optional head config (heads build their own loss).
        data_preprocessor: defaults to
            :class:`VideoSelfSupDataPreprocessor` (an
            ``ActionDataPreprocessor`` with the grayscale mean/std
            ``0.421*255`` / ``0.165*255``, ``'NCTHW'``, that also batches
            lists of views).
        init_cfg: mmengine init config.
    """

    def __init__(self, backbone: dict, neck: Optional[dict] = None,
                 head: Optional[dict] = None,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[Union[dict, List[dict]]] = None) -> None:
        if data_preprocessor is None:
            data_preprocessor = dict(type='VideoSelfSupDataPreprocessor',
                                     mean=GRAY_MEAN, std=GRAY_STD,
                                     format_shape='NCTHW')
        if isinstance(data_preprocessor, dict):
            # mmaction2's registry, so no default scope is required
            data_preprocessor = MODELS.build(data_preprocessor)
        super().__init__(data_preprocessor=data_preprocessor,
                         init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        self.neck = MODELS.build(neck) if neck is not None else None
        self.head = MODELS.build(head) if head is not None else None
        # see collapse_streak; models with a collapse check set the patience
        self.collapse_patience = 0
        self.collapse_iters = 0

    @property
    def with_neck(self) -> bool:
        return self.neck is not None

    @property
    def with_head(self) -> bool:
        return self.head is not None

    def forward(self, inputs: Inputs,
                data_samples: Optional[List[ActionDataSample]] = None,
                mode: str = 'tensor'):
        """Dispatch on ``mode``.

        Args:
            inputs: ``(N, C, T, H, W)`` clips, or a list of such tensors (one
                per view) for multi-view pretext tasks.
            data_samples: per-clip data samples (may carry pretext targets).
            mode: ``'tensor'`` returns backbone features of the first view,
                ``'loss'`` a dict of losses, ``'predict'`` data samples with
                the backbone features in ``pred_feat``.
        """
        if mode == 'tensor':
            return self.extract_feat(inputs)
        if mode == 'loss':
            return self.loss(inputs, data_samples)
        if mode == 'predict':
            return self.predict(inputs, data_samples)
        raise RuntimeError(f"Invalid mode {mode!r}: expected 'tensor', "
                           "'loss' or 'predict'")

    @staticmethod
    def first_view(inputs: Inputs) -> torch.Tensor:
        return inputs[0] if isinstance(inputs, (list, tuple)) else inputs

    def extract_feat(self, inputs: Inputs) -> torch.Tensor:
        """Backbone features of ``inputs`` (the first view of a list)."""
        return self.backbone(self.first_view(inputs))

    def loss(self, inputs: Inputs,
             data_samples: Optional[List[ActionDataSample]] = None
             ) -> Dict[str, torch.Tensor]:
        """Compute the pretext losses; every algorithm overrides this."""
        raise NotImplementedError(
            f'{type(self).__name__} must implement loss()')

    def predict(self, inputs: Inputs,
                data_samples: Optional[List[ActionDataSample]] = None
                ) -> List[ActionDataSample]:
        """Return data samples carrying backbone features (``pred_feat``)."""
        feats = self.extract_feat(inputs)
        if data_samples is None:
            data_samples = [ActionDataSample() for _ in range(len(feats))]
        for sample, feat in zip(data_samples, feats):
            sample.set_field(feat, 'pred_feat')
        return data_samples

    @staticmethod
    def train_progress() -> Sequence[Optional[int]]:
        """``(iter, max_iters, max_epochs)`` as published by mmengine's
        ``RuntimeInfoHook`` in the current :class:`MessageHub`; entries are
        ``None`` outside a runner. Schedules (EMA momentum, temperatures)
        are computed from these explicitly, no hook writes into the model.
        """
        hub = MessageHub.get_current_instance()
        return (hub.get_info('iter'), hub.get_info('max_iters'),
                hub.get_info('max_epochs'))

    def cosine_momentum(self, start: float, end: float) -> float:
        """EMA momentum (weight of the new value) for the current iteration.

        Cosine from ``start`` to ``end`` over the run's ``max_iters`` (see
        :func:`~mmaction_vaerr.models.selfsup.ema.cosine_momentum`); outside
        a runner it stays at ``start``.
        """
        cur_iter, max_iters, _ = self.train_progress()
        if cur_iter is None or not max_iters:
            return start
        return cosine_momentum(start, end, cur_iter, max_iters)

    def collapse_streak(self, flagged: bool) -> bool:
        """Count consecutive collapsed steps; ``True`` once per streak.

        The shared rule of the collapse warnings (DINO, V-JEPA, MAE): a
        step the caller judged collapsed extends the streak, any other step
        ends it, and the warning is due exactly when the streak reaches the
        model's ``collapse_patience`` (0, the default, disables it). The length
        of the current streak is ``self.collapse_iters``.

        Args:
            flagged: whether this step looked collapsed.
        """
        self.collapse_iters = self.collapse_iters + 1 if flagged else 0
        return bool(self.collapse_patience) and \
            self.collapse_iters == self.collapse_patience
