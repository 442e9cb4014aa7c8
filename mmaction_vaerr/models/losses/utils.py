"""Input checks and valid-frame selection shared by the per-frame VA losses.

Tensor conventions (all losses): ``reg`` (N, T, D) regression output,
``logits`` (N, T, D, K) bin logits, ``target`` (N, T, D) labels in [-1, 1],
``mask`` (N, T) bool, True = valid frame.
"""
from __future__ import annotations

from typing import Optional

import torch


def valid_mask(target: torch.Tensor,
               mask: Optional[torch.Tensor]) -> torch.Tensor:
    """Check ``target``/``mask`` and return a bool mask of shape (N, T).

    ``None`` means every frame is valid.

    Args:
        target: labels of shape (N, T, D).
        mask: bool mask of shape (N, T) or None.
    """
    if target.dim() != 3:
        raise ValueError(
            f'target must have shape (N, T, D), got {tuple(target.shape)}')
    if mask is None:
        return torch.ones(target.shape[:2], dtype=torch.bool,
                          device=target.device)
    if tuple(mask.shape) != tuple(target.shape[:2]):
        raise ValueError(f'mask must have shape (N, T) = '
                         f'{tuple(target.shape[:2])}, got {tuple(mask.shape)}')
    return mask.to(device=target.device, dtype=torch.bool)


def select_reg(reg: torch.Tensor, target: torch.Tensor,
               mask: Optional[torch.Tensor]):
    """Valid frames of ``reg`` and ``target``, each (M, D).

    Selection (not multiplication by the mask) guarantees that anything
    stored at invalid frames, NaN included, never reaches a statistic.
    """
    mask = valid_mask(target, mask)
    if reg is None or tuple(reg.shape) != tuple(target.shape):
        shape = None if reg is None else tuple(reg.shape)
        raise ValueError(f'reg must have the shape of target '
                         f'{tuple(target.shape)}, got {shape}')
    return reg[mask], target[mask].to(reg.dtype)


def select_logits(logits: torch.Tensor, target: torch.Tensor,
                  mask: Optional[torch.Tensor], num_bins: int):
    """Valid frames of ``logits`` (M, D, K) and ``target`` (M, D)."""
    mask = valid_mask(target, mask)
    expected = tuple(target.shape) + (num_bins, )
    if logits is None or tuple(logits.shape) != expected:
        shape = None if logits is None else tuple(logits.shape)
        raise ValueError(
            f'logits must have shape (N, T, D, K) = {expected}, got {shape}')
    return logits[mask], target[mask]
