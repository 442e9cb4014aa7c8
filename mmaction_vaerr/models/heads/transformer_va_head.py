"""Transformer head for per-frame arousal/valence.

Sinusoidal positional encoding and multi-head self-attention (Vaswani et
al., "Attention Is All You Need", NeurIPS 2017,
https://arxiv.org/abs/1706.03762) over windows of per-frame features, as in
the temporal module of Zhou et al., ABAW 6 (https://arxiv.org/abs/2403.11440).
"""
from __future__ import annotations

import math
from typing import Dict, Optional, Tuple

import torch
import torch.nn as nn

from mmaction.registry import MODELS
from .base_va_head import BaseVAHead
from .windows import check_window, window_spans


def sinusoidal_encoding(length: int, dims: int, device=None,
                        dtype=torch.float32) -> torch.Tensor:
    """``PE[t, 2i] = sin(t / 10000^(2i/d))``, ``PE[t, 2i+1] = cos(...)``.

    Returns:
        Tensor ``(length, dims)`` (Vaswani et al., Sec. 3.5).
    """
    pos = torch.arange(length, device=device, dtype=torch.float32)[:, None]
    freq = torch.exp(torch.arange(0, dims, 2, device=device,
                                  dtype=torch.float32) *
                     (-math.log(10000.0) / dims))
    pe = torch.zeros(length, dims, device=device)
    pe[:, 0::2] = torch.sin(pos * freq)
    pe[:, 1::2] = torch.cos(pos * freq[:dims // 2])
    return pe.to(dtype)


def pre_norm_encoder(in_channels: int, embed_dims: int, num_layers: int,
                     num_heads: int, feedforward_channels: Optional[int],
                     dropout: float
                     ) -> Tuple[nn.Linear, nn.TransformerEncoder,
                                nn.LayerNorm]:
    """The input projection, ``num_layers`` pre-norm encoder layers and the
    final LayerNorm of :class:`TransformerVAHead` and ``TransformerTrunk``
    (apply as ``norm(encoder(proj(x) + sinusoidal_encoding(...)))``).

    Raises:
        ValueError: ``embed_dims`` is odd or not a multiple of
            ``num_heads``.
    """
    if embed_dims % num_heads or embed_dims % 2:
        raise ValueError(f'embed_dims={embed_dims} must be even and a '
                         f'multiple of num_heads={num_heads}')
    proj = nn.Linear(in_channels, embed_dims)
    layer = nn.TransformerEncoderLayer(
        embed_dims, num_heads, feedforward_channels or 4 * embed_dims,
        dropout, batch_first=True, norm_first=True)
    encoder = nn.TransformerEncoder(layer, num_layers,
                                    enable_nested_tensor=False)
    return proj, encoder, nn.LayerNorm(embed_dims)


@MODELS.register_module()
class TransformerVAHead(BaseVAHead):
    """Self-attention over per-frame features -> regression + bin logits.

    Same inputs, outputs, losses and ``pred_va`` as :class:`GRUVAHead`. The
    features are projected to ``embed_dims``, get a sinusoidal positional
    encoding (positions count from the window's first frame) and pass
    ``num_layers`` pre-norm encoder layers. Attention sees the whole window
    (both sides of a frame), so the head is not causal and cannot stream.
    With ``window`` set, sequences longer than ``window`` are processed in
    eval mode in overlapping windows (:func:`.windows.window_spans`), the
    length it was trained on; the windowed inference API uses the same
    windows.

    Args:
        in_channels: feature channels of the backbone.
        embed_dims: model width.
        num_layers: encoder layers (Zhou et al.: 8).
        num_heads: attention heads.
        feedforward_channels: hidden width of the feed-forward layers;
            None = ``4 * embed_dims``.
        dropout: dropout in attention and feed-forward layers.
        window: frames per window at test time; None = whole sequence.
        overlap: frames shared by consecutive windows.
        num_bins: classification bins per dimension.
        num_dims: regressed dimensions.
        loss_va: loss config (see :class:`BaseVAHead`).
        **kwargs: further :class:`BaseVAHead` arguments.
    """

    def __init__(self, in_channels: int = 512, embed_dims: int = 256,
                 num_layers: int = 4, num_heads: int = 4,
                 feedforward_channels: Optional[int] = None,
                 dropout: float = 0.1, window: Optional[int] = None,
                 overlap: int = 0, num_bins: int = 20, num_dims: int = 2,
                 loss_va: Dict = dict(type='VACompositeLoss'),
                 **kwargs) -> None:
        super().__init__(in_channels, num_bins, num_dims, loss_va=loss_va,
                         **kwargs)
        self.input_proj, self.encoder, self.norm = pre_norm_encoder(
            in_channels, embed_dims, num_layers, num_heads,
            feedforward_channels, dropout)
        if window is not None:
            check_window(window, overlap)
        self.window = window
        self.overlap = overlap
        self.embed_dims = embed_dims
        self._init_outputs(embed_dims)

    def _attend(self, x: torch.Tensor) -> torch.Tensor:
        x = self.input_proj(x)
        x = x + sinusoidal_encoding(x.shape[1], self.embed_dims, x.device,
                                    x.dtype)
        return self.norm(self.encoder(x))

    def encode(self, x: torch.Tensor, state: None = None
               ) -> Tuple[torch.Tensor, None]:
        """(N, T, C) -> (N, T, embed_dims); windowed in eval mode."""
        if state is not None:
            raise ValueError('TransformerVAHead attends to future frames and '
                             'carries no state; run it on windows')
        if self.training or self.window is None or \
                x.shape[1] <= self.window:
            return self._attend(x), None
        y = x.new_empty(x.shape[0], x.shape[1], self.embed_dims)
        for a, b, lo, hi in window_spans(x.shape[1], self.window,
                                         self.overlap):
            y[:, lo:hi] = self._attend(x[:, a:b])[:, lo - a:hi - a]
        return y, None
