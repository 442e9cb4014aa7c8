"""TCN and Transformer temporal trunks for the per-frame categorical and
multi-task heads (:class:`FrameExprHead`, :class:`FrameAUHead`,
:class:`MultiTaskHead`), beside :class:`GRUTrunk`.

They are the temporal models of :class:`TCNVAHead` (Bai, Kolter, Koltun,
2018, https://arxiv.org/abs/1803.01271) and :class:`TransformerVAHead`
(Vaswani et al., 2017, https://arxiv.org/abs/1706.03762), built from the same
blocks, as trunks: ``(N, T, C)`` -> ``(N, T, out_channels)``. Zhou et al.
(ABAW 6, https://arxiv.org/abs/2403.11440) put both over a face encoder for
valence/arousal, expressions and AUs.
"""
from __future__ import annotations

from typing import Optional, Sequence

import torch
import torch.nn as nn

from mmaction.registry import MODELS
from .tcn_va_head import TemporalBlock
from .transformer_va_head import pre_norm_encoder, sinusoidal_encoding


def _check(x: torch.Tensor, channels: int, name: str) -> None:
    if x.dim() != 3 or x.shape[-1] != channels:
        raise ValueError(f'{name} expects (N, T, {channels}) features, got '
                         f'{tuple(x.shape)}')


@MODELS.register_module()
class TCNTrunk(nn.Module):
    """Residual dilated temporal convolutions (block ``i``: dilation 2^i).

    Args:
        in_channels: frame feature channels.
        channels: output channels of each residual block.
        kernel_size: temporal kernel (odd when not causal).
        causal: causal (past frames only) or centred convolutions.
        dropout: dropout after each convolution.
        weight_norm: weight normalisation of the convolutions.
    """

    def __init__(self, in_channels: int = 512,
                 channels: Sequence[int] = (256, 256, 256, 256),
                 kernel_size: int = 5, causal: bool = False,
                 dropout: float = 0.1, weight_norm: bool = True) -> None:
        super().__init__()
        channels = list(channels)
        if not channels or kernel_size < 1 or (
                not causal and kernel_size % 2 == 0):
            raise ValueError('TCNTrunk needs channels and a kernel_size >= 1 '
                             f'(odd when not causal), got {channels}, '
                             f'{kernel_size}')
        self.in_channels = in_channels
        self.blocks = nn.ModuleList(
            TemporalBlock(cin, cout, kernel_size, 2 ** i, causal, dropout,
                          weight_norm)
            for i, (cin, cout) in enumerate(
                zip([in_channels] + channels[:-1], channels)))
        self.out_channels = channels[-1]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        _check(x, self.in_channels, 'TCNTrunk')
        y = x.transpose(1, 2)
        for block in self.blocks:
            y = block(y)[0]
        return y.transpose(1, 2)


@MODELS.register_module()
class TransformerTrunk(nn.Module):
    """Linear projection, sinusoidal positions, pre-norm encoder layers.

    Args:
        in_channels: frame feature channels.
        embed_dims: model width (even, a multiple of ``num_heads``).
        num_layers: encoder layers.
        num_heads: attention heads.
        feedforward_channels: feed-forward width; None = ``4 * embed_dims``.
        dropout: dropout in attention and feed-forward layers.
    """

    def __init__(self, in_channels: int = 512, embed_dims: int = 256,
                 num_layers: int = 4, num_heads: int = 4,
                 feedforward_channels: Optional[int] = None,
                 dropout: float = 0.1) -> None:
        super().__init__()
        self.in_channels = in_channels
        self.input_proj, self.encoder, self.norm = pre_norm_encoder(
            in_channels, embed_dims, num_layers, num_heads,
            feedforward_channels, dropout)
        self.out_channels = embed_dims

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        _check(x, self.in_channels, 'TransformerTrunk')
        x = self.input_proj(x)
        x = x + sinusoidal_encoding(x.shape[1], x.shape[2], x.device,
                                    x.dtype)
        return self.norm(self.encoder(x))
