"""The SS-VAERR 3D stem computed with 2D ops (same parameters, same result).

The stem of Jegorova et al., FG 2023 (https://arxiv.org/abs/2306.03285) is
``Conv3d(C, 64, (5, 7, 7), stride (1, 2, 2), padding (2, 3, 3))``, BN, ReLU
and ``MaxPool3d((1, 3, 3), (1, 2, 2), (0, 1, 1))``. With temporal stride 1
the convolution at frame ``t`` only mixes frames ``t-2 .. t+2``: stacking
those five (zero-padded) frames as ``5 C`` channels of one image turns it
into a ``Conv2d(5 C, 64, 7, 2, 3)`` whose weight is the 3D weight reshaped;
the BN, activation and pool never mix frames, so they run per frame in 2D.
On CPU (oneDNN) this is several times faster than ``Conv3d`` with one input
channel and ``MaxPool3d``, and it can run channels-last and in bf16.
The sums are the same up to float rounding order (about 1e-6 relative).
"""
from __future__ import annotations

from typing import Union

import torch
import torch.nn as nn
import torch.nn.functional as F

from mmaction.registry import MODELS
from ...utils.hardware import resolve_channels_last
from .resnet18_stem3d import ResNet18Stem3D


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

    def stack_taps(self, x: torch.Tensor) -> torch.Tensor:
        """(N, C, T, H, W) -> (N*T, C*kt, H, W): each frame and its
        temporal neighbours as channels (zero-padded at the ends)."""
        conv = self[0]
        kt, pt = conv.kernel_size[0], conv.padding[0]
        n, c, t, h, w = x.shape
        x = F.pad(x, (0, 0, 0, 0, pt, pt))
        taps = x.unfold(2, kt, 1)                 # N, C, T', H, W, kt
        t_out = taps.shape[2]
        taps = taps.permute(0, 2, 1, 5, 3, 4)     # N, T', C, kt, H, W
        fmt = torch.channels_last if resolve_channels_last(
            self.channels_last, x) else torch.contiguous_format
        return taps.reshape(n * t_out, c * kt, h, w).contiguous(
            memory_format=fmt)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        conv, bn, act, pool = self
        n = x.shape[0]
        weight = conv.weight.flatten(1, 2)      # 64, C*kt, kh, kw
        y = F.conv2d(self.stack_taps(x), weight, conv.bias, conv.stride[1:],
                     conv.padding[1:], conv.dilation[1:])
        # BatchNorm3d over (N*T, 64, 1, h, w) has the statistics of the 3D
        # stem: the same elements per channel.
        y = bn(y.unsqueeze(2)).squeeze(2)
        y = F.max_pool2d(act(y), *self._pool2d)
        t = y.shape[0] // n
        return y.unflatten(0, (n, t)).transpose(1, 2)


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
