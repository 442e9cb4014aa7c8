"""Token masks of the masked video pretexts (MAE tube, V-JEPA multi-block).

Tokens are indexed flat over the ``(T', h, w)`` tubelet grid, time-major,
as :class:`~mmaction_vaerr.models.backbones.VideoViT` lays them out. In
every mask ``True`` marks a masked (hidden / predicted) token.
"""
from __future__ import annotations

import math
from typing import List, Optional, Sequence, Tuple

import torch

Grid = Tuple[int, int, int]
Box = Tuple[int, int, int, int, int, int]  # t0, t1, y0, y1, x0, x1


def tube_mask(num_samples: int, grid: Grid, ratio: float = 0.9,
              generator: Optional[torch.Generator] = None,
              device: Optional[torch.device] = None) -> torch.Tensor:
    """VideoMAE tube masking: one random spatial mask per clip, kept for
    every time step (Tong et al. 2022, https://arxiv.org/abs/2203.12602,
    Sec. 3.3). Exactly ``int(ratio * h * w)`` patches are masked per frame.

    Args:
        num_samples: clips in the batch (each gets its own mask).
        grid: token grid ``(T', h, w)``.
        ratio: share of masked patches in ``[0, 1)`` (VideoMAE: 0.9).
        generator: random generator (default: torch's global one).
        device: device of the returned mask.

    Returns:
        ``(N, T'*h*w)`` bool mask.
    """
    if not 0.0 <= ratio < 1.0:
        raise ValueError(f'mask ratio must be in [0, 1), got {ratio}')
    t, h, w = grid
    num_masked = int(ratio * h * w)
    order = torch.rand(num_samples, h * w, generator=generator).argsort(1)
    spatial = torch.zeros(num_samples, h * w, dtype=torch.bool)
    spatial.scatter_(1, order[:, :num_masked], True)
    return spatial[:, None].expand(-1, t, -1).reshape(
        num_samples, -1).to(device)


def _uniform(low_high: Sequence[float], generator) -> float:
    low, high = float(low_high[0]), float(low_high[1])
    return low + (high - low) * torch.rand(1, generator=generator).item()


def _randint(high: int, generator) -> int:
    """Uniform integer in ``[0, high]``."""
    return int(torch.randint(high + 1, (1,), generator=generator))


def sample_blocks(grid: Grid, num_blocks: int = 8,
                  spatial_scale: Sequence[float] = (0.15, 0.15),
                  temporal_scale: Sequence[float] = (1.0, 1.0),
                  aspect_ratio: Sequence[float] = (0.75, 1.5),
                  generator: Optional[torch.Generator] = None) -> List[Box]:
    """Random 3-D blocks of V-JEPA's multi-block masking.

    Bardes et al. 2024 (https://arxiv.org/abs/2404.08471, Sec. 3.2 and
    App. C): each block covers about ``spatial_scale * h * w`` patches of
    each frame (side lengths from an aspect ratio drawn in
    ``aspect_ratio``, rounded, clipped to the grid) and
    ``round(temporal_scale * T')`` time steps (1.0: the whole clip), at a
    uniformly drawn position.

    Returns:
        ``num_blocks`` boxes ``(t0, t1, y0, y1, x0, x1)``, half-open.
    """
    t, h, w = grid
    boxes = []
    for _ in range(num_blocks):
        area = _uniform(spatial_scale, generator) * h * w
        ratio = _uniform(aspect_ratio, generator)
        bh = min(max(int(round(math.sqrt(area * ratio))), 1), h)
        bw = min(max(int(round(math.sqrt(area / ratio))), 1), w)
        bt = min(max(int(round(_uniform(temporal_scale, generator) * t)),
                     1), t)
        t0, y0, x0 = (_randint(t - bt, generator), _randint(h - bh, generator),
                      _randint(w - bw, generator))
        boxes.append((t0, t0 + bt, y0, y0 + bh, x0, x0 + bw))
    return boxes


def boxes_to_mask(boxes: Sequence[Box], grid: Grid,
                  device: Optional[torch.device] = None) -> torch.Tensor:
    """Union of ``boxes`` as a flat ``(T'*h*w,)`` bool mask."""
    mask = torch.zeros(grid, dtype=torch.bool)
    for t0, t1, y0, y1, x0, x1 in boxes:
        mask[t0:t1, y0:y1, x0:x1] = True
    return mask.flatten().to(device)


def multiblock_mask(grid: Grid, num_blocks: int = 8,
                    spatial_scale: Sequence[float] = (0.15, 0.15),
                    temporal_scale: Sequence[float] = (1.0, 1.0),
                    aspect_ratio: Sequence[float] = (0.75, 1.5),
                    min_context: int = 1, max_tries: int = 20,
                    generator: Optional[torch.Generator] = None,
                    device: Optional[torch.device] = None) -> torch.Tensor:
    """Union of :func:`sample_blocks`, redrawn until at least
    ``min_context`` tokens stay visible (V-JEPA's ``min_keep``).

    Returns:
        ``(T'*h*w,)`` bool mask (``True``: target); the context is its
        complement.
    """
    for _ in range(max_tries):
        mask = boxes_to_mask(sample_blocks(
            grid, num_blocks, spatial_scale, temporal_scale, aspect_ratio,
            generator), grid, device)
        if int((~mask).sum()) >= min_context:
            return mask
    raise ValueError(
        f'multi-block masking: {max_tries} draws of {num_blocks} blocks at '
        f'scale {tuple(spatial_scale)} on the grid {tuple(grid)} all left '
        f'fewer than {min_context} context tokens; use fewer or smaller '
        'blocks or larger frames')
