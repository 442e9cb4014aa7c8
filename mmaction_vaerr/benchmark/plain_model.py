"""SS-VAERR written in plain PyTorch (``torch.nn`` only) for the benchmark.

This is an independent implementation of the downstream model of Jegorova
et al., "Self-Supervised Apparent Emotional Reaction Recognition from Video",
FG 2023 (https://arxiv.org/abs/2210.11341): a 3D-conv stem, a 2D ResNet18
(He et al., CVPR 2016) applied per frame, a 2-layer bidirectional GRU and two
linear outputs per frame (regression and 20 bin logits per dimension). It
uses no mmaction/mmengine code, so timing it next to the project's model
measures the framework's overhead. ``load_project_state_dict`` loads the
project's ``Recognizer3D`` weights (same architecture, renamed keys).

The loss of :func:`plain_va_loss` is the paper's SEWA objective
``0.5 (1 - CCC) + 0.25 MSE + 0.25 CE`` per dimension (CCC: Lin, Biometrics
1989), written here from the formulas, not from the project's loss classes.
"""
from __future__ import annotations

from typing import Dict, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F

# pixel normalisation of the lip-reading convention: mean 0.421, std 0.165
PIXEL_MEAN = 0.421 * 255
PIXEL_STD = 0.165 * 255


class PlainBlock(nn.Module):
    """ResNet BasicBlock: two 3x3 convs with BN, identity/1x1 shortcut."""

    def __init__(self, cin: int, cout: int, stride: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(
                nn.Conv2d(cin, cout, 1, stride, bias=False),
                nn.BatchNorm2d(cout))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        short = x if self.downsample is None else self.downsample(x)
        return F.relu(out + short)


class PlainSSVAERR(nn.Module):
    """3D stem + per-frame ResNet18 + BiGRU; uint8 or float clips in.

    Args:
        hidden: GRU hidden size per direction.
        num_bins: classification bins per dimension.
        num_dims: output dimensions (arousal, valence).
        channels_last: run the 2D trunk in channels-last memory format.
        width: channels of the stem and the first stage (the paper's 64;
            the stages double it: 64-128-256-512).
    """

    def __init__(self, hidden: int = 256, num_bins: int = 20,
                 num_dims: int = 2, channels_last: bool = False,
                 width: int = 64) -> None:
        super().__init__()
        self.num_bins, self.num_dims = num_bins, num_dims
        self.channels_last = channels_last
        self.stem = nn.Sequential(
            nn.Conv3d(1, width, (5, 7, 7), (1, 2, 2), (2, 3, 3),
                      bias=False),
            nn.BatchNorm3d(width), nn.ReLU(inplace=True),
            nn.MaxPool3d((1, 3, 3), (1, 2, 2), (0, 1, 1)))
        stages, cin = [], width
        for mult, stride in ((1, 1), (2, 2), (4, 2), (8, 2)):
            cout = width * mult
            stages.append(nn.Sequential(PlainBlock(cin, cout, stride),
                                        PlainBlock(cout, cout, 1)))
            cin = cout
        self.trunk = nn.Sequential(*stages)
        self.gru = nn.GRU(8 * width, hidden, 2, batch_first=True,
                          bidirectional=True)
        self.fc_reg = nn.Linear(2 * hidden, num_dims)
        self.fc_cls = nn.Linear(2 * hidden, num_dims * num_bins)

    @staticmethod
    def normalise(x: torch.Tensor) -> torch.Tensor:
        """uint8 pixels (N, 1, T, H, W) -> normalised float."""
        return (x.float() - PIXEL_MEAN) / PIXEL_STD

    def run_stem(self, x: torch.Tensor) -> torch.Tensor:
        """(N, 1, T, H, W) normalised -> (N*T, width, H/4, W/4)."""
        y = self.stem(x)
        n, c, t, h, w = y.shape
        y = y.transpose(1, 2).reshape(n * t, c, h, w)
        if self.channels_last:
            y = y.contiguous(memory_format=torch.channels_last)
        return y

    def run_trunk(self, y: torch.Tensor, n: int) -> torch.Tensor:
        """(N*T, width, h, w) -> pooled features (N, T, 8 * width)."""
        y = self.trunk(y).mean(dim=(2, 3))
        return y.reshape(n, -1, y.shape[1])

    def run_temporal(self, f: torch.Tensor
                     ) -> Tuple[torch.Tensor, torch.Tensor]:
        """(N, T, 8 * width) -> reg (N, T, D), logits (N, T, D, K)."""
        h, _ = self.gru(f)
        logits = self.fc_cls(h).reshape(*h.shape[:2], self.num_dims,
                                        self.num_bins)
        return self.fc_reg(h), logits

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        if x.dtype == torch.uint8:
            x = self.normalise(x)
        return self.run_temporal(self.run_trunk(self.run_stem(x), x.shape[0]))


def plain_va_loss(reg: torch.Tensor, logits: torch.Tensor,
                  target: torch.Tensor, mask: torch.Tensor,
                  w_ccc: float = 0.5, w_mse: float = 0.25,
                  w_ce: float = 0.25) -> torch.Tensor:
    """SEWA objective of the paper over the valid frames of the batch.

    Args:
        reg: (N, T, D) regression output.
        logits: (N, T, D, K) bin logits.
        target: (N, T, D) labels in [-1, 1].
        mask: (N, T) bool, True = valid frame.
    """
    x, y, z = reg[mask].float(), target[mask].float(), logits[mask].float()
    mx, my = x.mean(0), y.mean(0)
    cov = ((x - mx) * (y - my)).mean(0)
    ccc = 2 * cov / (x.var(0, unbiased=False) + y.var(0, unbiased=False) +
                     (mx - my) ** 2).clamp_min(1e-8)
    mse = ((x - y) ** 2).mean(0)
    k = z.shape[-1]
    # uniform bins on [-1, 1]: index = clamp(floor((y + 1) / 2 * K), 0, K-1)
    bins = ((y + 1) / 2 * k).floor().clamp(0, k - 1).long()
    ce = F.cross_entropy(z.reshape(-1, k), bins.reshape(-1),
                         reduction='none').reshape(bins.shape).mean(0)
    return (w_ccc * (1 - ccc) + w_mse * mse + w_ce * ce).sum()


def load_project_state_dict(model: PlainSSVAERR,
                            state: Dict[str, torch.Tensor]) -> None:
    """Load a project ``Recognizer3D`` state dict (strict, renamed keys).

    ``backbone.stem.*`` -> ``stem.*``, ``backbone.layer{i}.*`` ->
    ``trunk.{i-1}.*``, ``cls_head.{gru,fc_reg,fc_cls}.*`` -> same names;
    the project's activation modules hold no tensors. The head's output
    calibration must be the identity (the plain model has none).
    """
    mapped = {}
    for key, value in state.items():
        if key.startswith('data_preprocessor.'):
            continue
        if key in ('cls_head.va_scale', 'cls_head.va_shift'):
            if not torch.equal(value, torch.full_like(
                    value, 1.0 if key.endswith('scale') else 0.0)):
                raise ValueError(f'{key} is not the identity: the plain '
                                 'model has no output calibration; load '
                                 'the uncalibrated checkpoint')
            continue
        if key.startswith('backbone.stem.'):
            new = key[len('backbone.'):]
        elif key.startswith('backbone.layer'):
            idx, rest = key[len('backbone.layer'):].split('.', 1)
            new = f'trunk.{int(idx) - 1}.{rest}'
        elif key.startswith('cls_head.'):
            new = key[len('cls_head.'):]
        else:
            raise KeyError(f'unexpected key in the project state dict: {key}')
        mapped[new] = value
    model.load_state_dict(mapped, strict=True)


def state_width(state: Dict[str, torch.Tensor]) -> int:
    """The trunk width of a project state dict: the stem conv's output
    channels (64 at the paper's width, 32 for ``base_channels=32``)."""
    for key, value in state.items():
        if key.startswith('backbone.stem.') and value.dim() == 5:
            return int(value.shape[0])
    raise KeyError('no 3D stem convolution (backbone.stem.*, 5-D weight) '
                   'in the project state dict')
