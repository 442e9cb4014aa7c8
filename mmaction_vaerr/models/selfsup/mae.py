"""Masked autoencoding of face clips (MAE / VideoMAE)."""
from __future__ import annotations

import logging
from typing import Dict, List, Optional, Union

import torch
from mmengine.logging import print_log

from mmaction.registry import MODELS
from mmaction.structures import ActionDataSample
from ..heads.selfsup.mae_head import patchify
from .base import BaseVideoSelfSup, Inputs
from .masking import tube_mask


def single_clip(inputs: Inputs, algorithm: str) -> torch.Tensor:
    """The one ``(N, C, T, H, W)`` view of a single-view batch (a list of one
    view from :class:`PackSelfSupInputs`, or a bare tensor)."""
    if isinstance(inputs, (list, tuple)):
        if len(inputs) != 1:
            raise ValueError(f'{algorithm} takes one view per clip, got '
                             f'{len(inputs)} (MultiView num_views=[1])')
        inputs = inputs[0]
    if inputs.dim() != 5:
        raise ValueError(f'{algorithm} expects (N, C, T, H, W) clips, got '
                         f'shape {tuple(inputs.shape)}')
    return inputs


@MODELS.register_module()
class MAE(BaseVideoSelfSup):
    """VideoMAE: reconstruct the pixels of tube-masked tubelets.

    He et al., CVPR 2022 (https://arxiv.org/abs/2111.06377); Tong et al.,
    NeurIPS 2022 (https://arxiv.org/abs/2203.12602). The encoder
    (``backbone``, a :class:`VideoViT`) sees only the ``1 - mask_ratio``
    visible tubelets of each clip (:func:`tube_mask`: the same spatial
    patches are hidden in every time step, so a masked patch cannot be
    copied from its neighbour in time); the head's light decoder fills in
    the rest and the loss is the MSE on per-patch normalised pixels of the
    masked tubelets. ``backbone.*`` is handed over downstream.

    Logged: ``pred_std`` and ``target_std``, the standard deviation of the
    decoder's predictions and of the targets across the masked tubelets of
    a clip (averaged over pixels and clips). MAE has no collapse of the kind
    the joint-embedding methods have, but it has a degenerate solution: one
    patch (the mean) for every masked tubelet while the targets differ, a
    loss near the targets' variance with nothing learned from the visible
    context. A freshly initialised decoder starts there too (its outputs are
    small), so the first ``collapse_patience`` steps are a warm-up; after it
    a warning is logged once when ``pred_std`` stays below ``collapse_std``
    times ``target_std`` for ``collapse_patience`` steps (clips whose
    targets hardly differ, ``target_std`` < 0.1, are not counted).

    Args:
        backbone: :class:`VideoViT` config.
        head: :class:`MAEHead` config.
        mask_ratio: share of masked patches per frame (VideoMAE: 0.9).
        collapse_std: ``pred_std / target_std`` below which a step counts
            as degenerate.
        collapse_patience: consecutive degenerate steps before the warning
            (0 disables it).
        data_preprocessor: see :class:`BaseVideoSelfSup`.
        init_cfg: mmengine init config.
    """

    def __init__(self, backbone: dict, head: dict, mask_ratio: float = 0.9,
                 collapse_std: float = 0.05, collapse_patience: int = 50,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[Union[dict, List[dict]]] = None) -> None:
        super().__init__(backbone=backbone, head=head,
                         data_preprocessor=data_preprocessor,
                         init_cfg=init_cfg)
        if not 0.0 < mask_ratio < 1.0:
            raise ValueError(f'mask_ratio must be in (0, 1), got {mask_ratio}')
        self.mask_ratio = mask_ratio
        self.collapse_std = collapse_std
        self.collapse_patience = collapse_patience
        self._steps = 0
        self._last_std = None

    def _check_collapse(self) -> None:
        """Warn once when the predictions have stayed alike across masked
        tubelets (reads the previous step's value: no device sync now)."""
        self._steps += 1
        if self._last_std is None or self._steps <= self.collapse_patience:
            return
        std, target_std = (float(v) for v in self._last_std)
        low = target_std >= 0.1 and std < self.collapse_std * target_std
        if self.collapse_streak(low):
            print_log(
                f'MAE: the decoder has predicted nearly the same patch for '
                f'every masked tubelet (spread {std:.4f}, targets '
                f'{target_std:.4f}) for {self.collapse_iters} '
                'iterations: it outputs the mean patch and the encoder '
                'learns nothing from the visible context; check the '
                'learning rate and that the clips have texture to predict',
                logger='current', level=logging.WARNING)

    def extract_feat(self, inputs: Inputs) -> torch.Tensor:
        return self.backbone(single_clip(inputs, type(self).__name__))

    def loss(self, inputs: Inputs,
             data_samples: Optional[List[ActionDataSample]] = None
             ) -> Dict[str, torch.Tensor]:
        x = single_clip(inputs, type(self).__name__)
        tokens, grid = self.backbone.embed(x)
        mask = tube_mask(x.shape[0], grid, self.mask_ratio, device=x.device)
        visible = tokens[~mask].reshape(x.shape[0], -1, tokens.shape[-1])
        latent = self.backbone.encode(visible)
        patches = patchify(self.backbone.pad_time(x),
                           self.backbone.tubelet_size,
                           self.backbone.patch_size)
        loss, pred, target = self.head.loss(latent, mask, patches,
                                            return_pred=True)
        if self.training:
            self._check_collapse()
        self._last_std = tuple(v.detach().float().std(dim=1).mean()
                               for v in (pred, target))
        return dict(loss=loss, pred_std=self._last_std[0],
                    target_std=self._last_std[1])
