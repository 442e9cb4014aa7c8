"""The backbone of SS-VAERR as one per-frame 2D network over stacked
temporal taps (what the int8 path quantises), and the fingerprint of the
weights an int8 folder was made from."""
from __future__ import annotations

import hashlib

import numpy as np
import torch
import torch.nn as nn

from ..models.backbones.tap_stem import as_tap_stem
from ..models.backbones.tap_stem import stack_taps as _stack_taps


LAYERS = ('layer1', 'layer2', 'layer3', 'layer4')


class TapTrunk(nn.Module):
    """The backbone as a per-frame 2D network over stacked temporal taps.

    Args:
        backbone: a ``ResNet18Stem3D`` (or ``ResNet18TapStem``).
    """

    def __init__(self, backbone: nn.Module) -> None:
        super().__init__()
        tap = as_tap_stem(backbone.stem)
        self.kt = tap.temporal_kernel
        self.in_channels = tap[0].in_channels
        self.stem = tap.as_2d()
        # the backbone's own names, so that the exported graph's node
        # names (``/layer1/layer1.0/conv1/Conv``) are the backbone's
        # module paths (what ``quantize_int8(keep_fp32=...)`` matches)
        for name in LAYERS:
            setattr(self, name, getattr(backbone, name))
        self.eval()

    def forward(self, taps: torch.Tensor) -> torch.Tensor:
        x = self.stem(taps)
        for name in LAYERS:
            x = getattr(self, name)(x)
        return x.mean(dim=(2, 3))


def stack_taps(frames: np.ndarray, kt: int, pad: bool = True) -> np.ndarray:
    """(T, H, W) normalised frames -> (T', kt, H, W) float32 taps.

    ``pad=True`` zero-pads ``kt // 2`` frames at both ends (the 3D stem's
    padding, T' = T); ``pad=False`` gives the T - kt + 1 full windows.
    """
    frames = torch.from_numpy(np.asarray(frames, np.float32))
    return _stack_taps(frames[None, None], kt, kt // 2 if pad else 0).numpy()


def weights_fingerprint(backbone: nn.Module) -> str:
    """sha256 of the backbone's parameters and buffers (names and bytes)."""
    h = hashlib.sha256()
    for name, t in sorted(backbone.state_dict().items()):
        h.update(name.encode())
        h.update(t.detach().cpu().contiguous().numpy().tobytes())
    return h.hexdigest()
