"""A compact Conformer encoder over per-frame features (time kept).

Gulati et al., "Conformer: Convolution-augmented Transformer for Speech
Recognition", Interspeech 2020 (https://arxiv.org/abs/2005.08100). Each block
is ``x + FFN/2 -> + MHSA -> + Conv -> + FFN/2 -> LayerNorm`` (Macaron
feed-forward halves, pre-norm residual modules). Written with plain
``torch.nn`` pieces (torchaudio has no build for the pinned torch).

Positions: ``'rel_bias'`` (default) adds a learned per-head bias that
depends only on the clipped offset ``j - i`` between query ``i`` and key
``j`` (Shaw et al., NAACL 2018, https://arxiv.org/abs/1803.02155; the
bias-only form of Raffel et al., T5), a relative scheme like the paper's
Transformer-XL encoding and, like it, free of any maximum length.
``'sinusoidal'`` adds Vaswani et al.'s absolute encoding to the input.
"""
from __future__ import annotations

import math
from typing import Dict, List, Optional, Union

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule

from mmaction.registry import MODELS

POS_ENCODINGS = ('rel_bias', 'sinusoidal')


def sinusoidal_encoding(length: int, dims: int,
                        device=None) -> torch.Tensor:
    """``(length, dims)`` sine/cosine table (Vaswani et al., 2017)."""
    pos = torch.arange(length, device=device, dtype=torch.float32)[:, None]
    freq = torch.exp(torch.arange(0, dims, 2, device=device,
                                  dtype=torch.float32) *
                     (-math.log(10000.0) / dims))
    table = torch.zeros(length, dims, device=device)
    table[:, 0::2] = torch.sin(pos * freq)
    table[:, 1::2] = torch.cos(pos * freq[:dims // 2])
    return table


class FeedForward(nn.Sequential):
    """``LayerNorm - Linear - Swish - Dropout - Linear - Dropout``."""

    def __init__(self, dims: int, hidden: int, dropout: float) -> None:
        super().__init__(nn.LayerNorm(dims), nn.Linear(dims, hidden),
                         nn.SiLU(), nn.Dropout(dropout),
                         nn.Linear(hidden, dims), nn.Dropout(dropout))


class SelfAttention(nn.Module):
    """Pre-norm multi-head self-attention with an optional additive bias."""

    def __init__(self, dims: int, num_heads: int, dropout: float) -> None:
        super().__init__()
        if dims % num_heads:
            raise ValueError(f'embed_dims ({dims}) must be divisible by '
                             f'num_heads ({num_heads})')
        self.num_heads = num_heads
        self.norm = nn.LayerNorm(dims)
        self.qkv = nn.Linear(dims, 3 * dims)
        self.proj = nn.Linear(dims, dims)
        self.attn_drop = dropout
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        """``x`` (N, T, D); ``bias`` broadcastable to (N, heads, T, T)."""
        n, t, d = x.shape
        heads = self.num_heads
        q, k, v = self.qkv(self.norm(x)).reshape(
            n, t, 3, heads, d // heads).permute(2, 0, 3, 1, 4)
        out = F.scaled_dot_product_attention(
            q, k, v, attn_mask=bias.to(q.dtype),
            dropout_p=self.attn_drop if self.training else 0.0)
        return self.drop(self.proj(out.transpose(1, 2).reshape(n, t, d)))


class ConvModule(nn.Module):
    """``LN - pointwise(2D) - GLU - depthwise(k) - BN - Swish - pointwise``.

    Padded frames are zeroed before the depthwise convolution so they never
    leak into valid neighbours.
    """

    def __init__(self, dims: int, kernel_size: int, dropout: float) -> None:
        super().__init__()
        if kernel_size % 2 == 0:
            raise ValueError(
                f'conv_kernel_size must be odd, got {kernel_size}')
        self.norm = nn.LayerNorm(dims)
        self.pw1 = nn.Conv1d(dims, 2 * dims, 1)
        self.dw = nn.Conv1d(dims, dims, kernel_size, padding=kernel_size // 2,
                            groups=dims)
        self.bn = nn.BatchNorm1d(dims)
        self.pw2 = nn.Conv1d(dims, dims, 1)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
        """``x`` (N, T, D), ``keep`` (N, T, 1) float (1 = valid frame)."""
        y = F.glu(self.pw1(self.norm(x).transpose(1, 2)), dim=1)
        y = self.dw(y * keep.transpose(1, 2))
        y = self.pw2(F.silu(self.bn(y)))
        return self.drop(y.transpose(1, 2))


class ConformerBlock(nn.Module):
    """One Conformer block (Gulati et al. 2020, Fig. 1 and Eq. 1)."""

    def __init__(self, dims: int, num_heads: int, ffn_dims: int,
                 kernel_size: int, dropout: float) -> None:
        super().__init__()
        self.ffn1 = FeedForward(dims, ffn_dims, dropout)
        self.attn = SelfAttention(dims, num_heads, dropout)
        self.conv = ConvModule(dims, kernel_size, dropout)
        self.ffn2 = FeedForward(dims, ffn_dims, dropout)
        self.norm = nn.LayerNorm(dims)

    def forward(self, x: torch.Tensor, bias: torch.Tensor,
                keep: torch.Tensor) -> torch.Tensor:
        x = x + 0.5 * self.ffn1(x)
        x = x + self.attn(x, bias)
        x = x + self.conv(x, keep)
        x = x + 0.5 * self.ffn2(x)
        return self.norm(x)


@MODELS.register_module()
class ConformerEncoder(BaseModule):
    """Linear input projection + ``num_layers`` Conformer blocks.

    Input ``(N, C, T)`` per-frame features (``ResNet18Stem3D`` with
    ``out_format='nct'``), or ``(N, C, T, h, w)`` which is first averaged
    over space. Output ``(N, T, embed_dims)``; no temporal subsampling, so
    the output stays frame-synchronous with the video.

    Args:
        in_channels: input feature width (512 for ResNet18).
        embed_dims: model width ``d`` (paper "S": 144, "M": 256).
        num_layers: Conformer blocks.
        num_heads: attention heads.
        ffn_ratio: feed-forward hidden width / ``embed_dims`` (paper: 4).
        conv_kernel_size: depthwise convolution kernel (paper: 32; odd here
            so the output stays centred on each frame).
        dropout: dropout in every module.
        pos_enc: ``'rel_bias'`` or ``'sinusoidal'``.
        max_rel_dist: offsets beyond +-this share one bias (``'rel_bias'``).
        init_cfg: mmengine init config.

    Example:
        >>> enc = ConformerEncoder(512, 64, num_layers=2, num_heads=2)
        >>> enc(torch.randn(2, 512, 10)).shape
        torch.Size([2, 10, 64])
    """

    def __init__(self, in_channels: int = 512, embed_dims: int = 256,
                 num_layers: int = 12, num_heads: int = 4,
                 ffn_ratio: float = 4.0, conv_kernel_size: int = 31,
                 dropout: float = 0.1, pos_enc: str = 'rel_bias',
                 max_rel_dist: int = 64,
                 init_cfg: Optional[Union[Dict, List[Dict]]] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if pos_enc not in POS_ENCODINGS:
            raise ValueError(f'pos_enc must be one of {POS_ENCODINGS}, '
                             f'got {pos_enc!r}')
        self.in_channels = in_channels
        self.embed_dims = embed_dims
        self.num_heads = num_heads
        self.pos_enc = pos_enc
        self.max_rel_dist = max_rel_dist
        self.input_proj = nn.Sequential(nn.Linear(in_channels, embed_dims),
                                        nn.Dropout(dropout))
        if pos_enc == 'rel_bias':
            self.rel_bias = nn.Embedding(2 * max_rel_dist + 1, num_heads)
            nn.init.zeros_(self.rel_bias.weight)
        self.blocks = nn.ModuleList(
            ConformerBlock(embed_dims, num_heads,
                           int(round(ffn_ratio * embed_dims)),
                           conv_kernel_size, dropout)
            for _ in range(num_layers))

    def attention_bias(self, mask: torch.Tensor) -> torch.Tensor:
        """``(N, heads or 1, T, T)`` additive bias: positions + key padding."""
        n, t = mask.shape
        bias = torch.zeros(n, 1, 1, t, device=mask.device)
        bias = bias.masked_fill(~mask[:, None, None, :], float('-inf'))
        if self.pos_enc == 'rel_bias':
            pos = torch.arange(t, device=mask.device)
            offset = (pos[None, :] - pos[:, None]).clamp(
                -self.max_rel_dist, self.max_rel_dist) + self.max_rel_dist
            rel = self.rel_bias(offset).permute(2, 0, 1)     # heads, T, T
            bias = bias + rel[None]
        return bias

    def forward(self, x: torch.Tensor,
                mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        """Encode ``x``; ``mask`` (N, T) bool marks valid frames (True).

        Outputs at padded frames are zero and never influence valid ones.
        """
        if x.dim() == 5:
            x = x.mean(dim=(3, 4))
        if x.dim() != 3 or x.shape[1] != self.in_channels:
            raise ValueError(f'ConformerEncoder expects (N, {self.in_channels}'
                             f', T) features, got {tuple(x.shape)}')
        n, _, t = x.shape
        if mask is None:
            mask = torch.ones(n, t, dtype=torch.bool, device=x.device)
        elif tuple(mask.shape) != (n, t):
            raise ValueError(f'mask must have shape {(n, t)}, '
                             f'got {tuple(mask.shape)}')
        mask = mask.to(device=x.device, dtype=torch.bool)
        if not mask.any(dim=1).all():
            raise ValueError('every sequence needs at least one valid frame')
        keep = mask[..., None].to(x.dtype)
        x = self.input_proj(x.transpose(1, 2))
        if self.pos_enc == 'sinusoidal':
            x = x + sinusoidal_encoding(t, self.embed_dims, x.device)
        bias = self.attention_bias(mask)
        for block in self.blocks:
            x = block(x, bias, keep)
        return x * keep
