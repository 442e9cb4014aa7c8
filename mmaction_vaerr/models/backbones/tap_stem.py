"""The SS-VAERR 3D stem computed with 2D ops (same parameters, same result).

The stem of Jegorova et al., FG 2023 (https://arxiv.org/abs/2210.11341) is
``Conv3d(C, 64, (5, 7, 7), stride (1, 2, 2), padding (2, 3, 3))``, BN, ReLU
and ``MaxPool3d((1, 3, 3), (1, 2, 2), (0, 1, 1))``. With temporal stride 1
the convolution at frame ``t`` only mixes frames ``t-2 .. t+2``: stacking
those five (zero-padded) frames as ``5 C`` channels of one image turns it
into a ``Conv2d(5 C, 64, 7, 2, 3)`` whose weight is the 3D weight reshaped;
the BN, activation and pool never mix frames, so they run per frame in 2D.
On CPU (oneDNN) this is several times faster than ``Conv3d`` with one input
channel and ``MaxPool3d``, and it can run channels-last and in bf16.
The sums are the same up to float rounding order (about 1e-6 relative).

This file is the one place that does the rewriting: the training backbone
(:class:`ResNet18TapStem`), the streaming predictor (frames with their
temporal context, no padding) and the int8 trunk (standalone 2D modules for
ONNX, :meth:`TapStem2d.as_2d`) all use it.
"""
from __future__ import annotations

from typing import Union

import torch
import torch.nn as nn
import torch.nn.functional as F

from mmaction.registry import MODELS
from ...utils.hardware import resolve_channels_last
from .resnet18_stem3d import ResNet18Stem3D


def stack_taps(x: torch.Tensor, kt: int, padding: int,
               memory_format: torch.memory_format = torch.contiguous_format
               ) -> torch.Tensor:
    """(N, C, T, H, W) -> (N*T', C*kt, H, W): each frame and its ``kt - 1``
    temporal neighbours as channels; ``padding`` zero frames are added at
    both ends first (the 3D stem's, T' = T; 0 for T' = T - kt + 1)."""
    n, c, t, h, w = x.shape
    if padding:
        x = F.pad(x, (0, 0, 0, 0, padding, padding))
    taps = x.unfold(2, kt, 1)                 # N, C, T', H, W, kt
    t_out = taps.shape[2]
    taps = taps.permute(0, 2, 1, 5, 3, 4)     # N, T', C, kt, H, W
    return taps.reshape(n * t_out, c * kt, h, w).contiguous(
        memory_format=memory_format)


class TapStem2d(nn.Sequential):
    """Run a ``(Conv3d, BN3d, act, MaxPool3d)`` stem with 2D operations.

    Keeps the four original modules as children ``0..3``, so the parameters,
    buffers and state-dict keys are those of the ``nn.Sequential`` it
    replaces. The output is the stem's ``(N, 64, T, h, w)`` as a view of a
    per-frame ``(N*T, 64, h, w)`` tensor, so folding time into the batch
    afterwards (as ``ResNet18Stem3D`` does) costs no copy.

    Args:
        stem: the original stem ``nn.Sequential(conv3d, bn3d, act, pool3d)``.
        channels_last: compute in channels-last memory format (or
            ``'auto'``, as in ``ResNet18Stem3D``).
    """

    def __init__(self, stem: nn.Sequential,
                 channels_last: Union[bool, str] = False) -> None:
        conv, bn, act, pool = stem
        if not (isinstance(conv, nn.Conv3d) and isinstance(pool, nn.MaxPool3d)
                and isinstance(bn, nn.BatchNorm3d)):
            names = [type(m).__name__ for m in stem]
            raise TypeError('TapStem2d expects (Conv3d, BatchNorm3d, act, '
                            f'MaxPool3d), got {names}')
        if conv.stride[0] != 1 or conv.dilation[0] != 1 or conv.groups != 1:
            raise ValueError('TapStem2d needs temporal stride 1, dilation 1 '
                             f'and groups 1, got {conv}')
        pk, ps, pp = (_triple(v) for v in (pool.kernel_size, pool.stride,
                                           pool.padding))
        if pk[0] != 1 or ps[0] != 1 or pp[0] != 0 or pool.dilation not in (
                1, (1, 1, 1)) or pool.ceil_mode:
            raise ValueError(f'TapStem2d needs a per-frame pool, got {pool}')
        super().__init__(conv, bn, act, pool)
        self.channels_last = channels_last
        self._pool2d = (pk[1:], ps[1:], pp[1:])

    @property
    def temporal_kernel(self) -> int:
        """Frames one output frame sees (the 3D kernel's time extent)."""
        return self[0].kernel_size[0]

    def stack_taps(self, x: torch.Tensor) -> torch.Tensor:
        """(N, C, T, H, W) -> (N*T, C*kt, H, W) with the stem's temporal
        zero padding (see :func:`stack_taps`)."""
        fmt = torch.channels_last if resolve_channels_last(
            self.channels_last, x) else torch.contiguous_format
        return stack_taps(x, self.temporal_kernel, self[0].padding[0], fmt)

    def forward_taps(self, taps: torch.Tensor) -> torch.Tensor:
        """(n, C*kt, H, W) stacked taps -> (n, 64, h, w): the stem's output
        for the n centre frames."""
        conv, bn, act, pool = self
        weight = conv.weight.flatten(1, 2)      # 64, C*kt, kh, kw
        y = F.conv2d(taps, weight, conv.bias, conv.stride[1:],
                     conv.padding[1:], conv.dilation[1:])
        # BatchNorm3d over (N*T, 64, 1, h, w) has the statistics of the 3D
        # stem: the same elements per channel.
        y = bn(y.unsqueeze(2)).squeeze(2)
        return F.max_pool2d(act(y), *self._pool2d)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n = x.shape[0]
        y = self.forward_taps(self.stack_taps(x))
        t = y.shape[0] // n
        return y.unflatten(0, (n, t)).transpose(1, 2)

    def as_2d(self) -> nn.Sequential:
        """A standalone copy in 2D modules (``Conv2d`` over the taps,
        ``BatchNorm2d`` with the same statistics, the activation,
        ``MaxPool2d``), in eval mode: what :meth:`forward_taps` computes, as
        a graph of plain 2D layers for export (ONNX, int8)."""
        conv, bn3, act, _ = self
        kt = self.temporal_kernel
        conv2d = nn.Conv2d(conv.in_channels * kt, conv.out_channels,
                           conv.kernel_size[1:], conv.stride[1:],
                           conv.padding[1:], bias=conv.bias is not None)
        conv2d.weight.data = conv.weight.detach().flatten(1, 2).clone()
        if conv.bias is not None:
            conv2d.bias.data = conv.bias.detach().clone()
        bn = nn.BatchNorm2d(bn3.num_features, bn3.eps)
        bn.load_state_dict(bn3.state_dict())
        return nn.Sequential(conv2d, bn, act,
                             nn.MaxPool2d(*self._pool2d)).eval()


def as_tap_stem(stem: nn.Sequential) -> TapStem2d:
    """``stem`` itself if it is a :class:`TapStem2d`, else one over the same
    modules (no copy: it computes with ``stem``'s parameters)."""
    return stem if isinstance(stem, TapStem2d) else TapStem2d(stem)


def _triple(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v, v)


@MODELS.register_module()
class ResNet18TapStem(ResNet18Stem3D):
    """``ResNet18Stem3D`` whose 3D stem runs as :class:`TapStem2d`.

    Same arguments, parameters and state-dict keys as ``ResNet18Stem3D``
    (checkpoints load either way); only the stem's computation differs.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.stem = TapStem2d(self.stem, channels_last=self.channels_last)


def use_tap_stem(model: nn.Module) -> nn.Module:
    """Replace each ``ResNet18Stem3D`` stem by :class:`TapStem2d` in place."""
    found = False
    for m in model.modules():
        stem = getattr(m, 'stem', None)
        if isinstance(stem, nn.Sequential) and hasattr(m, 'channels_last'):
            if not isinstance(stem, TapStem2d):
                m.stem = TapStem2d(stem, channels_last=m.channels_last)
            found = True
    if not found:
        raise ValueError(f'{type(model).__name__} has no ResNet18Stem3D '
                         'backbone whose stem could be replaced')
    return model
