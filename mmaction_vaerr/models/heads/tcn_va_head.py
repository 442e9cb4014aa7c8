"""Temporal convolutional network (TCN) head for per-frame arousal/valence.

Bai, Kolter, Koltun, "An Empirical Evaluation of Generic Convolutional and
Recurrent Networks for Sequence Modeling", 2018
(https://arxiv.org/abs/1803.01271): residual blocks of two dilated 1-D
convolutions (weight norm, ReLU, dropout), dilation doubling per block. Used
for valence/arousal by Zhou et al., ABAW 6 (https://arxiv.org/abs/2403.11440).
"""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.parametrizations import weight_norm as _weight_norm

from mmaction.registry import MODELS
from .base_va_head import BaseVAHead

State = Optional[List[torch.Tensor]]  # left context of every convolution


class DilatedConv1d(nn.Module):
    """1-D convolution, causal (left context only) or centred.

    A causal convolution takes ``(k - 1) * d`` frames of left context: zeros
    at the start of a sequence (the zero padding of an offline pass) or the
    last input frames of the previous chunk, so chunked (streaming) runs
    equal one pass over the whole sequence.
    """

    def __init__(self, cin: int, cout: int, kernel_size: int, dilation: int,
                 causal: bool, weight_norm: bool) -> None:
        super().__init__()
        self.context = (kernel_size - 1) * dilation
        self.causal = causal
        conv = nn.Conv1d(cin, cout, kernel_size, dilation=dilation,
                         padding=0 if causal else self.context // 2)
        self.conv = _weight_norm(conv) if weight_norm else conv

    def forward(self, x: torch.Tensor, ctx: Optional[torch.Tensor] = None
                ) -> Tuple[torch.Tensor, Optional[torch.Tensor]]:
        if not self.causal:
            return self.conv(x), None
        if ctx is None:
            x = F.pad(x, (self.context, 0))
        else:
            x = torch.cat([ctx.to(x), x], dim=2)
        new_ctx = x[:, :, x.shape[2] - self.context:]
        return self.conv(x), new_ctx


class TemporalBlock(nn.Module):
    """Residual block of two dilated convolutions (Bai et al., Fig. 1b)."""

    def __init__(self, cin: int, cout: int, kernel_size: int, dilation: int,
                 causal: bool, dropout: float, weight_norm: bool) -> None:
        super().__init__()
        self.conv1 = DilatedConv1d(cin, cout, kernel_size, dilation, causal,
                                   weight_norm)
        self.conv2 = DilatedConv1d(cout, cout, kernel_size, dilation, causal,
                                   weight_norm)
        self.dropout = nn.Dropout(dropout)
        self.downsample = nn.Conv1d(cin, cout, 1) if cin != cout else None

    def forward(self, x: torch.Tensor, state: Sequence = (None, None)
                ) -> Tuple[torch.Tensor, List]:
        y, c1 = self.conv1(x, state[0])
        y, c2 = self.conv2(self.dropout(F.relu(y)), state[1])
        y = self.dropout(F.relu(y))
        res = x if self.downsample is None else self.downsample(x)
        return F.relu(y + res), [c1, c2]


@MODELS.register_module()
class TCNVAHead(BaseVAHead):
    """Dilated TCN over per-frame features -> regression + bin logits.

    Same inputs, outputs, losses and ``pred_va`` as :class:`GRUVAHead`.
    Block ``i`` has dilation ``dilations[i]`` (default ``2 ** i``); the
    receptive field is ``1 + 2 (k - 1) sum(dilations)`` frames. A causal TCN
    sees only past frames and streams exactly: :meth:`temporal` takes and
    returns the left context of every convolution as its state. A
    non-causal TCN centres its kernels (``k`` odd) and needs windows that
    overlap by at least ``receptive_field - 1`` frames to be exact.

    Args:
        in_channels: feature channels of the backbone.
        channels: output channels of each residual block.
        kernel_size: temporal kernel (Zhou et al.: 5).
        dilations: dilation per block; None = 1, 2, 4, ...
        causal: causal (online) or centred (offline) convolutions.
        dropout: dropout after each convolution.
        weight_norm: weight normalisation of the convolutions (Bai et al.).
        num_bins: classification bins per dimension.
        num_dims: regressed dimensions.
        loss_va: loss config (see :class:`BaseVAHead`).
        **kwargs: further :class:`BaseVAHead` arguments.
    """

    def __init__(self, in_channels: int = 512,
                 channels: Sequence[int] = (256, 256, 256, 256),
                 kernel_size: int = 3,
                 dilations: Optional[Sequence[int]] = None,
                 causal: bool = True, dropout: float = 0.1,
                 weight_norm: bool = True, num_bins: int = 20,
                 num_dims: int = 2,
                 loss_va: Dict = dict(type='VACompositeLoss'),
                 **kwargs) -> None:
        super().__init__(in_channels, num_bins, num_dims, loss_va=loss_va,
                         **kwargs)
        channels = list(channels)
        dilations = [2 ** i for i in range(len(channels))] \
            if dilations is None else list(dilations)
        if not channels or len(dilations) != len(channels):
            raise ValueError('need one dilation per block, got channels '
                             f'{channels} and dilations {dilations}')
        if kernel_size < 1 or (not causal and kernel_size % 2 == 0):
            raise ValueError('kernel_size must be >= 1 (odd when not causal)'
                             f', got {kernel_size}')
        self.causal = causal
        self.kernel_size = kernel_size
        self.dilations = dilations
        self.blocks = nn.ModuleList(
            TemporalBlock(cin, cout, kernel_size, d, causal, dropout,
                          weight_norm)
            for cin, cout, d in zip([in_channels] + channels[:-1], channels,
                                    dilations))
        self._init_outputs(channels[-1])

    @property
    def receptive_field(self) -> int:
        """Frames that one output depends on."""
        return 1 + 2 * (self.kernel_size - 1) * sum(self.dilations)

    def encode(self, x: torch.Tensor, state: State = None
               ) -> Tuple[torch.Tensor, State]:
        """(N, T, C) -> (N, T, C'); ``state``: see the class docstring."""
        if state is not None and not self.causal:
            raise ValueError('a non-causal TCN carries no state; run it on '
                             'overlapping windows instead')
        y = x.transpose(1, 2)
        new_state = []
        for i, block in enumerate(self.blocks):
            y, ctx = block(y, state[2 * i:2 * i + 2] if state else
                           (None, None))
            new_state.extend(ctx)
        return y.transpose(1, 2), (new_state if self.causal else None)
