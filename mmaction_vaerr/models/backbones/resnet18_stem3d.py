"""3D-conv stem + per-frame 2D ResNet18: the SS-VAERR visual frontend.

Architecture from Jegorova et al., "Self-Supervised Apparent Emotional
Reaction Recognition from Video", FG 2023 (https://arxiv.org/abs/2210.11341),
following the lip-reading frontend of Martinez et al., ICASSP 2020
(https://arxiv.org/abs/2001.08702).
"""
from __future__ import annotations

from typing import Dict, Optional, Sequence, Union

import torch
import torch.nn as nn
from mmengine.model import BaseModule
from torch.nn.modules.batchnorm import _BatchNorm

from mmaction.registry import MODELS
from ...utils.hardware import resolve_channels_last
from .pretrained import PretrainedInitMixin

FROZEN_MODES = ('none', 'stem_conv', 'all')
OUT_FORMATS = ('ncthw', 'nct', 'snippet')


def _act(act: str, channels: int) -> nn.Module:
    if act == 'relu':
        return nn.ReLU(inplace=True)
    if act == 'prelu':
        return nn.PReLU(num_parameters=channels)
    raise ValueError(f"act must be 'relu' or 'prelu', got {act!r}")


class BasicBlock2d(nn.Module):
    """ResNet BasicBlock (He et al., CVPR 2016) with a choice of activation.

    Args:
        inplanes: input channels.
        planes: output channels.
        stride: spatial stride of the first 3x3 conv.
        act: ``'relu'`` or ``'prelu'`` (the lip-reading variant).
    """

    def __init__(self, inplanes: int, planes: int, stride: int = 1,
                 act: str = 'relu') -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.act1 = _act(act, planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.act2 = _act(act, planes)
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(
                nn.Conv2d(inplanes, planes, 1, stride, bias=False),
                nn.BatchNorm2d(planes))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x if self.downsample is None else self.downsample(x)
        out = self.act1(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.act2(out + identity)


@MODELS.register_module()
class ResNet18Stem3D(PretrainedInitMixin, BaseModule):
    """3D stem + 2D ResNet18 trunk applied per frame; time is kept.

    Input ``(N, C_in, T, H, W)`` (grayscale: ``C_in=1``, ``H=W=96``).
    The stem is ``Conv3d(C_in, 64, (5, 7, 7), (1, 2, 2), (2, 3, 3))``, BN,
    ReLU/PReLU, ``MaxPool3d((1, 3, 3), (1, 2, 2), (0, 1, 1))``; then time is
    folded into batch and a ResNet18 trunk (BasicBlock [2, 2, 2, 2],
    64/128/256/512 channels at the default ``base_channels``) runs per
    frame.

    Args:
        in_channels: input channels (1 for the paper's grayscale faces).
        act: ``'relu'`` (default) or ``'prelu'``.
        frozen: ``'none'`` (fine-tune everything), ``'stem_conv'`` (the
            paper's "frozen": only the first 3D conv is fixed) or ``'all'``
            (stem and trunk fixed, BN in eval mode).
        out_format: ``'ncthw'`` returns ``(N, 512, T, h, w)`` (usable by
            mmaction2 heads such as ``I3DHead``); ``'nct'`` returns the
            spatially pooled ``(N, 512, T)``; ``'snippet'`` averages time,
            ``(N, 512, h, w)``: one feature map per snippet, as mmaction2's
            ``TSNHead`` under ``Recognizer2D`` expects (TSN, Wang et al.
            2016, https://arxiv.org/abs/1608.00859).
        channels_last: run the 2D trunk in channels-last memory format
            (faster with bf16 on oneDNN CPUs and on tensor-core GPUs);
            ``'auto'`` decides at the first forward from the device and the
            precision in force (:func:`~mmaction_vaerr.utils.hardware.
            resolve_channels_last`, logged).
        zero_init_residual: at a from-scratch init, start the last BN of
            each residual block at gamma 0, so every block begins as the
            identity (Goyal et al. 2017, https://arxiv.org/abs/1706.02677,
            Sec. 5.1; He et al. 2019, https://arxiv.org/abs/1812.01187).
            A pretext checkpoint overrides it. Default False (PyTorch's
            default init, as before).
        base_channels: width of the stem and of the first stage; the
            stages have 1, 2, 4 and 8 times it and the output ``8 *
            base_channels`` channels. 64 (default) is the paper's ResNet18;
            32 is a half-width trunk with about a third of its
            multiply-adds per frame (the main job's CPU recipe).
        init_cfg: ``dict(type='Pretrained', checkpoint=..., prefix=...)``
            loads a pretext checkpoint (keys under ``prefix``); missing and
            unexpected keys are logged and nothing matching is an error.
    """

    arch = ((1, 1), (2, 2), (4, 2), (8, 2))   # (width / base, stride)

    def __init__(self, in_channels: int = 1, act: str = 'relu',
                 frozen: str = 'none', out_format: str = 'ncthw',
                 channels_last: Union[bool, str] = False,
                 zero_init_residual: bool = False,
                 base_channels: int = 64,
                 init_cfg: Optional[Union[Dict, Sequence[Dict]]] = None
                 ) -> None:
        super().__init__(init_cfg=init_cfg)
        if frozen not in FROZEN_MODES:
            raise ValueError(f'frozen must be one of {FROZEN_MODES}, '
                             f'got {frozen!r}')
        if out_format not in OUT_FORMATS:
            raise ValueError(f'out_format must be one of {OUT_FORMATS}, '
                             f'got {out_format!r}')
        if isinstance(base_channels, bool) or \
                not isinstance(base_channels, int) or base_channels < 1:
            raise ValueError('base_channels must be an integer >= 1, got '
                             f'{base_channels!r}')
        self.frozen = frozen
        self.base_channels = base_channels
        self.out_format = out_format
        self.channels_last = channels_last
        self.zero_init_residual = zero_init_residual
        w = base_channels
        self.feat_dim = 8 * w
        self.stem = nn.Sequential(
            nn.Conv3d(in_channels, w, (5, 7, 7), (1, 2, 2), (2, 3, 3),
                      bias=False),
            nn.BatchNorm3d(w), _act(act, w),
            nn.MaxPool3d((1, 3, 3), (1, 2, 2), (0, 1, 1)))
        layers, inplanes = [], w
        for mult, stride in self.arch:
            planes = mult * w
            layers.append(nn.Sequential(
                BasicBlock2d(inplanes, planes, stride, act),
                BasicBlock2d(planes, planes, 1, act)))
            inplanes = planes
        self.layer1, self.layer2, self.layer3, self.layer4 = layers
        self._freeze()

    @property
    def temporal_halo(self) -> int:
        """Frames on each side of a frame that its feature depends on.

        Only the stem convolution mixes frames (temporal kernel 5, padding
        2: a halo of 2); the pooling and the 2D trunk are per frame.
        """
        return (self.stem[0].kernel_size[0] - 1) // 2

    def _frozen_modules(self) -> Sequence[nn.Module]:
        if self.frozen == 'stem_conv':
            return [self.stem[0]]
        if self.frozen == 'all':
            return [self]
        return []

    def _freeze(self) -> None:
        for m in self._frozen_modules():
            for p in m.parameters():
                p.requires_grad = False

    def train(self, mode: bool = True) -> 'ResNet18Stem3D':
        super().train(mode)
        if mode and self.frozen == 'all':
            for m in self.modules():
                if isinstance(m, _BatchNorm):
                    m.eval()
        return self

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() != 5:
            raise ValueError('ResNet18Stem3D expects (N, C, T, H, W), got '
                             f'shape {tuple(x.shape)}')
        x = self.stem(x)                          # N, w, T, h, w
        n, c, t, h, w = x.shape
        x = x.transpose(1, 2).reshape(n * t, c, h, w)
        if resolve_channels_last(self.channels_last, x):
            x = x.contiguous(memory_format=torch.channels_last)
        for layer in (self.layer1, self.layer2, self.layer3, self.layer4):
            x = layer(x)
        _, c, h, w = x.shape
        x = x.reshape(n, t, c, h, w)
        if self.out_format == 'nct':
            return x.mean(dim=(3, 4)).transpose(1, 2).contiguous()
        if self.out_format == 'snippet':
            return x.mean(dim=1)
        return x.permute(0, 2, 1, 3, 4).contiguous()

    def _init_scratch(self) -> None:
        """Zero the last BN gamma of each block (``zero_init_residual``)."""
        if self.zero_init_residual:
            for m in self.modules():
                if isinstance(m, BasicBlock2d):
                    nn.init.zeros_(m.bn2.weight)
