"""Masked autoencoding of face clips (MAE / VideoMAE)."""
from __future__ import annotations

from typing import Dict, List, Optional, Union

import torch

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

    Args:
        backbone: :class:`VideoViT` config.
        head: :class:`MAEHead` config.
        mask_ratio: share of masked patches per frame (VideoMAE: 0.9).
        data_preprocessor: see :class:`BaseVideoSelfSup`.
        init_cfg: mmengine init config.
    """

    def __init__(self, backbone: dict, head: dict, mask_ratio: float = 0.9,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[Union[dict, List[dict]]] = None) -> None:
        super().__init__(backbone=backbone, head=head,
                         data_preprocessor=data_preprocessor,
                         init_cfg=init_cfg)
        if not 0.0 < mask_ratio < 1.0:
            raise ValueError(f'mask_ratio must be in (0, 1), got {mask_ratio}')
        self.mask_ratio = mask_ratio

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
        return dict(loss=self.head.loss(latent, mask, patches))
