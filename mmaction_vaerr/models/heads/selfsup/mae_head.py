"""MAE head: the light decoder and the normalised-pixel target."""
from __future__ import annotations

from typing import Dict, List, Optional, Tuple, Union

import torch
from mmengine.model import BaseModule

from mmaction.registry import MODELS
from .token_predictor import TokenPredictor


def patchify(x: torch.Tensor, tubelet_size: int,
             patch_size: int) -> torch.Tensor:
    """``(N, C, T, H, W)`` -> ``(N, T'*h*w, C*tubelet*p*p)`` tubelet pixels,
    in the token order of :class:`VideoViT` (``T`` a multiple of
    ``tubelet_size``); each row is ``x[n, :, t-slice, y-slice,
    x-slice].flatten()``."""
    n, c, t, h, w = x.shape
    tt, p = tubelet_size, patch_size
    x = x.reshape(n, c, t // tt, tt, h // p, p, w // p, p)
    x = x.permute(0, 2, 4, 6, 1, 3, 5, 7)
    return x.reshape(n, (t // tt) * (h // p) * (w // p), c * tt * p * p)


def split_mask(mask: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
    """``(N, L)`` bool mask with the same count per row -> ascending
    ``(visible_idx, masked_idx)``, each ``(N, L_v)`` / ``(N, L_m)``."""
    counts = mask.sum(1)
    if not bool((counts == counts[0]).all()):
        raise ValueError('every clip of a batch must mask the same number '
                         f'of tokens, got {counts.tolist()}')
    order = mask.int().argsort(dim=1, stable=True)
    num_visible = mask.shape[1] - int(counts[0])
    return order[:, :num_visible], order[:, num_visible:]


@MODELS.register_module()
class MAEHead(BaseModule):
    """Decoder + pixel loss of (Video)MAE.

    He et al., CVPR 2022 (https://arxiv.org/abs/2111.06377) and VideoMAE
    (Tong et al., NeurIPS 2022, https://arxiv.org/abs/2203.12602): a
    :class:`TokenPredictor` (VideoMAE: 4 blocks, half the encoder width or
    less) reconstructs the masked tubelets; the target is each tubelet's
    pixels normalised by their own mean and standard deviation
    (``norm_pix``, MAE Sec. 4: ``(x - mean) / sqrt(var + 1e-6)``, unbiased
    variance) and the loss is the MSE over the masked tubelets only.

    Args:
        in_channels: encoder width.
        patch_dims: pixels per tubelet (``VideoViT.patch_dims``).
        embed_dims: decoder width.
        depth: decoder blocks (VideoMAE: 4).
        num_heads: decoder attention heads.
        norm_pix: normalise each target patch (MAE's default).
        loss: loss config (default :class:`PatchMSELoss`).
        init_cfg: mmengine init config.
    """

    def __init__(self, in_channels: int, patch_dims: int,
                 embed_dims: int = 384, depth: int = 4, num_heads: int = 6,
                 norm_pix: bool = True,
                 loss: dict = dict(type='PatchMSELoss'),
                 init_cfg: Optional[Union[Dict, List[Dict]]] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.decoder = TokenPredictor(in_channels, patch_dims, embed_dims,
                                      depth, num_heads)
        self.norm_pix = norm_pix
        self.loss_module = MODELS.build(loss)

    def construct_target(self, patches: torch.Tensor,
                         masked_idx: torch.Tensor) -> torch.Tensor:
        """Masked rows of ``patches`` ``(N, L, D)``, normalised per patch."""
        target = patches.gather(1, masked_idx[..., None].expand(
            -1, -1, patches.shape[-1]))
        if self.norm_pix:
            mean = target.mean(dim=-1, keepdim=True)
            var = target.var(dim=-1, keepdim=True)
            target = (target - mean) / (var + 1e-6).sqrt()
        return target

    def forward(self, latent: torch.Tensor,
                mask: torch.Tensor) -> torch.Tensor:
        """``(N, L_v, C)`` visible latents, ``(N, L)`` mask -> ``(N, L_m,
        patch_dims)`` predicted pixels of the masked tubelets."""
        visible_idx, masked_idx = split_mask(mask)
        return self.decoder(latent, visible_idx, masked_idx, mask.shape[1])

    def loss(self, latent: torch.Tensor, mask: torch.Tensor,
             patches: torch.Tensor, return_pred: bool = False
             ) -> Union[torch.Tensor, Tuple[torch.Tensor, ...]]:
        """MSE between predicted and target pixels of the masked tubelets.

        Args:
            latent: ``(N, L_v, C)`` encoder output of the visible tokens.
            mask: ``(N, L)`` bool, ``True`` = masked.
            patches: ``(N, L, D)`` pixels of every tubelet (:func:`patchify`).
            return_pred: also return the ``(N, L_m, D)`` predictions and
                targets: ``(loss, pred, target)``.
        """
        _, masked_idx = split_mask(mask)
        pred = self(latent, mask)
        target = self.construct_target(patches, masked_idx)
        loss = self.loss_module(pred, target)
        return (loss, pred, target) if return_pred else loss
