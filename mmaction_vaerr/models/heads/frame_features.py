"""Any mmaction2 backbone output -> per-frame features ``(N, T, C)``.

mmaction2 backbones hand their heads one of four kinds of tensors:

- 5-D ``(N, C, T', H', W')``: 3D CNNs (``ResNet3d``, ``X3D``, our
  ``ResNet18Stem3D``); space is average-pooled.
- 4-D ``(N * T', C, H', W')``: 2D CNNs run per frame by ``Recognizer2D``
  (TSN-style ``ResNet``); time is unfolded with ``num_segs`` (the number of
  frames per clip, which ``Recognizer2D`` passes to the head).
- 3-D ``(N, C, T')``: per-frame features already pooled.
- 2-D ``(N, C)``: one feature per clip (``C3D``'s fc7). It has no time axis,
  so it is rejected unless ``clip_features='broadcast'`` repeats it over the
  frames.

When ``T'`` differs from the ``T`` label frames (a backbone that strides in
time) the features are linearly interpolated to ``T``.
"""
from __future__ import annotations

from typing import Optional, Sequence, Union

import torch
import torch.nn.functional as F

Feats = Union[torch.Tensor, Sequence[torch.Tensor]]
CLIP_FEATURES = ('reject', 'broadcast')


def _unfold_segments(x: torch.Tensor, num_segs: Optional[int],
                     num_samples: Optional[int]) -> torch.Tensor:
    """(N * T, C, H, W) -> (N, C, T)."""
    if num_segs is None and num_samples:
        if x.shape[0] % num_samples:
            raise ValueError(
                f'4-D features of {x.shape[0]} frames cannot be split over '
                f'{num_samples} samples; pass num_segs')
        num_segs = x.shape[0] // num_samples
    if not num_segs:
        raise ValueError(
            'frame-folded 4-D features (N*T, C, H, W), as a 2D backbone under '
            "Recognizer2D gives, need the frames per clip: Recognizer2D "
            "passes num_segs; otherwise set the head's num_segments, got "
            f'shape {tuple(x.shape)}')
    if x.shape[0] % num_segs:
        raise ValueError(f'{x.shape[0]} frame features are not a multiple of '
                         f'num_segs={num_segs}')
    x = x.mean(dim=(2, 3))                                  # (N*T, C)
    return x.reshape(-1, num_segs, x.shape[1]).transpose(1, 2)


def check_clip_features(clip_features: str) -> str:
    """``clip_features`` itself, or a ValueError naming the choices."""
    if clip_features not in CLIP_FEATURES:
        raise ValueError(f'clip_features must be one of {CLIP_FEATURES}, '
                         f'got {clip_features!r}')
    return clip_features


def frame_features(x: Feats, num_frames: Optional[int] = None,
                   num_segs: Optional[int] = None,
                   clip_features: str = 'reject',
                   num_samples: Optional[int] = None) -> torch.Tensor:
    """Pool space and align time: backbone output -> ``(N, T, C)``.

    Args:
        x: backbone output (a tuple or list: its last element is used).
        num_frames: label frames ``T`` to align to; None keeps ``T'``.
        num_segs: frames per clip of 4-D frame-folded input.
        clip_features: ``'reject'`` 2-D clip features with a clear error or
            ``'broadcast'`` them over the ``num_frames`` frames.
        num_samples: clips in the batch; gives ``num_segs`` of 4-D input
            when it is not passed.

    Returns:
        Tensor ``(N, T, C)``.
    """
    check_clip_features(clip_features)
    if isinstance(x, (tuple, list)):
        x = x[-1]
    if x.dim() == 5:
        x = x.mean(dim=(3, 4))
    elif x.dim() == 4:
        x = _unfold_segments(x, num_segs, num_samples)
    elif x.dim() == 2:
        if clip_features == 'reject':
            raise ValueError(
                'the backbone gives one feature per clip (N, C) = '
                f'{tuple(x.shape)} (e.g. C3D), with no time axis for '
                "per-frame outputs; set clip_features='broadcast' in the "
                'head to repeat it over the frames, or use a backbone that '
                'keeps time')
        x = x[:, :, None].expand(-1, -1, int(num_frames or 1))
    elif x.dim() != 3:
        raise ValueError('expected backbone features (N, C, T, H, W), '
                         '(N*T, C, H, W), (N, C, T) or (N, C), got shape '
                         f'{tuple(x.shape)}')
    if num_frames is not None and x.shape[2] != num_frames:
        x = F.interpolate(x, size=int(num_frames), mode='linear',
                          align_corners=False)
    return x.transpose(1, 2)
