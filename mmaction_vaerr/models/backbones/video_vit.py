"""Video ViT on tubelet patches for face clips, per-frame features out.

Dosovitskiy et al., ICLR 2021 (https://arxiv.org/abs/2010.11929) with the
tubelet embedding of ViViT (Arnab et al., ICCV 2021,
https://arxiv.org/abs/2103.15691) as used by VideoMAE (Tong et al., NeurIPS
2022, https://arxiv.org/abs/2203.12602). Built from mmaction2's own ViT
parts, with the parameter names of mmaction2's ``VisionTransformer``.
"""
from __future__ import annotations

from typing import Dict, Optional, Sequence, Tuple, Union

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmcv.cnn import build_norm_layer
from mmcv.cnn.bricks.transformer import PatchEmbed
from mmengine.model import BaseModule, ModuleList

from mmaction.models.backbones.vit_mae import Block, get_sinusoid_encoding
from mmaction.registry import MODELS
from .pretrained import PretrainedInitMixin

ARCHS = {  # ViT-Ti/S/B/L widths (Touvron et al. 2021; Dosovitskiy et al.)
    'tiny': dict(embed_dims=192, depth=12, num_heads=3),
    'small': dict(embed_dims=384, depth=12, num_heads=6),
    'base': dict(embed_dims=768, depth=12, num_heads=12),
    'large': dict(embed_dims=1024, depth=24, num_heads=16),
}
UNFOLD_MODES = ('repeat', 'linear', 'none')
FROZEN_MODES = ('none', 'patch_embed', 'all')
DEFAULT_INIT = [dict(type='TruncNormal', layer='Linear', std=0.02, bias=0.),
                dict(type='Constant', layer='LayerNorm', val=1., bias=0.)]


def sincos_positions(num_tokens: int, dims: int,
                     like: torch.Tensor) -> torch.Tensor:
    """VideoMAE's fixed sinusoid table ``(1, num_tokens, dims)`` over the
    flat ``(t, y, x)`` token index (mmaction2's ``get_sinusoid_encoding``),
    on the device and dtype of ``like``."""
    return get_sinusoid_encoding(num_tokens, dims).to(like)


@MODELS.register_module()
class VideoViT(PretrainedInitMixin, BaseModule):
    """Tubelet ViT returning per-frame feature maps ``(N, C, T, h, w)``.

    Input ``(N, C_in, T, H, W)``; ``H`` and ``W`` must be multiples of
    ``patch_size``. ``T`` may be anything: it is padded to a multiple of
    ``tubelet_size`` by repeating the last frame. Tokens are the
    ``T' x h x w`` tubelets (``T' = ceil(T / tubelet_size)``), positions the
    fixed 1-D sinusoid over the flat token index (as VideoMAE and mmaction2's
    ``VisionTransformer``), so any clip length works without interpolation.

    Per-frame output (``frame_unfold``): ``'repeat'`` gives each frame the
    features of the tubelet that contains it (a piecewise-constant
    un-folding, causal within a tubelet); ``'linear'`` interpolates the
    tubelet features linearly in time to frame centres; ``'none'`` returns
    ``T'`` steps (``GRUVAHead`` then interpolates to the label frames).
    The padded frames are cut off again, so ``T`` frames go in and out.

    The state dict matches mmaction2's ``VisionTransformer(patch_size=p,
    tubelet_size=2, use_mean_pooling=False, return_feat_map=True)`` of the
    same width and depth (its ``pos_embed`` buffer is the same sinusoid), so
    a checkpoint of this backbone also loads there (see docs/vit_pretext.md).
    The masked pretexts call :meth:`embed` and :meth:`encode` directly to
    run the blocks on a subset of tokens.

    Args:
        arch: ``'tiny'`` (192-d, 3 heads), ``'small'``, ``'base'``,
            ``'large'`` or a dict with ``embed_dims``, ``depth``,
            ``num_heads``.
        depth: override the preset's number of blocks (e.g. 4 for a CPU run).
        in_channels: input channels (1 for grayscale faces).
        patch_size: spatial patch side (8 on 96x96 faces: a 12x12 grid).
        tubelet_size: frames per tubelet (2).
        mlp_ratio: FFN hidden width / embedding width.
        drop_path_rate: stochastic depth at the last block (linear rule).
        frame_unfold: ``'repeat'``, ``'linear'`` or ``'none'`` (see above).
        out_format: ``'ncthw'`` or ``'nct'`` (spatially pooled).
        frozen: ``'none'``, ``'patch_embed'`` (the analogue of the paper's
            frozen first conv) or ``'all'``.
        init_cfg: mmengine init config; ``dict(type='Pretrained',
            checkpoint=..., prefix='backbone.')`` loads a pretext checkpoint.
    """

    def __init__(self, arch: Union[str, Dict] = 'tiny',
                 depth: Optional[int] = None, in_channels: int = 1,
                 patch_size: int = 8, tubelet_size: int = 2,
                 mlp_ratio: float = 4.0, drop_path_rate: float = 0.0,
                 frame_unfold: str = 'repeat', out_format: str = 'ncthw',
                 frozen: str = 'none',
                 init_cfg: Optional[Union[Dict, Sequence[Dict]]] = DEFAULT_INIT
                 ) -> None:
        super().__init__(init_cfg=init_cfg)
        if isinstance(arch, str):
            if arch not in ARCHS:
                raise ValueError(f'arch must be one of {sorted(ARCHS)} or a '
                                 f'dict, got {arch!r}')
            arch = ARCHS[arch]
        for name, allowed, value in (('frame_unfold', UNFOLD_MODES,
                                      frame_unfold),
                                     ('out_format', ('ncthw', 'nct'),
                                      out_format),
                                     ('frozen', FROZEN_MODES, frozen)):
            if value not in allowed:
                raise ValueError(f'{name} must be one of {allowed}, '
                                 f'got {value!r}')
        self.embed_dims = int(arch['embed_dims'])
        self.feat_dim = self.embed_dims
        self.depth = int(depth if depth is not None else arch['depth'])
        self.num_heads = int(arch['num_heads'])
        self.in_channels = in_channels
        self.patch_size = patch_size
        self.tubelet_size = tubelet_size
        self.frame_unfold = frame_unfold
        self.out_format = out_format
        self.frozen = frozen
        kernel = (tubelet_size, patch_size, patch_size)
        self.patch_embed = PatchEmbed(
            in_channels=in_channels, embed_dims=self.embed_dims,
            conv_type='Conv3d', kernel_size=kernel, stride=kernel,
            padding=(0, 0, 0), dilation=(1, 1, 1))
        rates = torch.linspace(0, drop_path_rate, self.depth).tolist()
        self.blocks = ModuleList([
            Block(self.embed_dims, self.num_heads, mlp_ratio=mlp_ratio,
                  drop_path_rate=r) for r in rates])
        self.norm = build_norm_layer(dict(type='LN', eps=1e-6),
                                     self.embed_dims)[1]
        self._freeze()

    # ------------------------------------------------------------- tokens
    @property
    def temporal_halo(self) -> None:
        """None: no finite halo. Self-attention runs over every tubelet of
        the clip, so a frame's feature depends on the whole clip; chunked
        inference (:mod:`mmaction_vaerr.apis.windowing`) then encodes
        independent windows and says so."""
        return None

    @property
    def patch_dims(self) -> int:
        """Pixels per tubelet (``C_in * tubelet * patch * patch``)."""
        return self.in_channels * self.tubelet_size * self.patch_size ** 2

    def pad_time(self, x: torch.Tensor) -> torch.Tensor:
        """Repeat the last frame up to a multiple of ``tubelet_size``."""
        pad = -x.shape[2] % self.tubelet_size
        if pad:
            x = torch.cat([x, x[:, :, -1:].expand(-1, -1, pad, -1, -1)], 2)
        return x

    def grid(self, x: torch.Tensor) -> Tuple[int, int, int]:
        """Token grid ``(T', h, w)`` of a clip ``(N, C, T, H, W)``."""
        if x.dim() != 5:
            raise ValueError('VideoViT expects (N, C, T, H, W), got shape '
                             f'{tuple(x.shape)}')
        _, _, t, h, w = x.shape
        if h % self.patch_size or w % self.patch_size:
            raise ValueError(f'VideoViT: frame size {h}x{w} is not a '
                             f'multiple of patch_size={self.patch_size}')
        return (-(-t // self.tubelet_size), h // self.patch_size,
                w // self.patch_size)

    def embed(self, x: torch.Tensor
              ) -> Tuple[torch.Tensor, Tuple[int, int, int]]:
        """Tubelet tokens with positions ``(N, T'*h*w, C)`` and the grid."""
        grid = self.grid(x)
        tokens = self.patch_embed(self.pad_time(x))[0]
        return tokens + sincos_positions(tokens.shape[1], self.embed_dims,
                                         tokens), grid

    def encode(self, tokens: torch.Tensor) -> torch.Tensor:
        """Transformer blocks + final LayerNorm on ``(N, L, C)`` tokens."""
        for block in self.blocks:
            tokens = block(tokens)
        return self.norm(tokens)

    # ----------------------------------------------------------- forward
    def unfold_time(self, feats: torch.Tensor,
                    num_frames: int) -> torch.Tensor:
        """``(N, C, T', h, w)`` tubelet features -> ``(N, C, T, h, w)``."""
        if self.frame_unfold == 'none':
            return feats
        if self.frame_unfold == 'repeat':
            feats = feats.repeat_interleave(self.tubelet_size, dim=2)
        else:
            _, _, t, h, w = feats.shape
            feats = F.interpolate(feats, size=(t * self.tubelet_size, h, w),
                                  mode='trilinear', align_corners=False)
        return feats[:, :, :num_frames]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        tokens, (t, h, w) = self.embed(x)
        feats = self.encode(tokens)
        feats = feats.transpose(1, 2).reshape(x.shape[0], -1, t, h, w)
        feats = self.unfold_time(feats, x.shape[2])
        if self.out_format == 'nct':
            return feats.mean(dim=(3, 4))
        return feats

    # ---------------------------------------------------------- freezing
    def _freeze(self) -> None:
        modules = {'none': [], 'patch_embed': [self.patch_embed],
                   'all': [self]}[self.frozen]
        for m in modules:
            for p in m.parameters():
                p.requires_grad = False

    def train(self, mode: bool = True) -> 'VideoViT':
        super().train(mode and self.frozen != 'all')
        return self
