"""Uniform discretisation of arousal/valence into classification bins.

SS-VAERR (Jegorova et al., FG 2023, https://arxiv.org/abs/2210.11341) adds a
classification output per dimension: the range [-1, 1] is cut into
``num_bins`` (20) bins of equal width and each frame's label becomes the
one-hot index of its bin.

Bin ``k`` covers ``[-1 + 2k/K, -1 + 2(k+1)/K)``; the last bin also holds
``1.0`` and values outside [-1, 1] fall into the first/last bin, i.e.
``index = clamp(floor((y + 1) / 2 * K), 0, K - 1)``.
"""
from __future__ import annotations

import torch


def bin_edges(num_bins: int = 20, dtype: torch.dtype = torch.float64,
              device=None) -> torch.Tensor:
    """The ``num_bins + 1`` uniform edges of the bins on [-1, 1].

    Each edge is the floating-point number closest to the decimal value
    ``-1 + 2k/K`` (so the edge ``-0.9`` equals the literal ``-0.9``), which
    keeps labels that lie exactly on an edge in the upper bin despite
    rounding in ``(y + 1) / 2 * K``.

    Args:
        num_bins: number of bins ``K``.
        dtype: dtype of the returned tensor.
        device: device of the returned tensor.

    Returns:
        Tensor of shape ``(K + 1,)``.
    """
    if num_bins < 1:
        raise ValueError(f'num_bins must be >= 1, got {num_bins}')
    edges = [round(-1.0 + 2.0 * k / num_bins, 12) for k in range(num_bins + 1)]
    return torch.tensor(edges, dtype=dtype, device=device)


def bin_centres(num_bins: int = 20, dtype: torch.dtype = torch.float64,
                device=None) -> torch.Tensor:
    """Centres ``-1 + (2k + 1)/K`` of the uniform bins, shape ``(K,)``.

    Args:
        num_bins: number of bins ``K``.
        dtype: dtype of the returned tensor.
        device: device of the returned tensor.
    """
    if num_bins < 1:
        raise ValueError(f'num_bins must be >= 1, got {num_bins}')
    centres = [-1.0 + (2.0 * k + 1.0) / num_bins for k in range(num_bins)]
    return torch.tensor(centres, dtype=dtype, device=device)


def va_to_bins(y: torch.Tensor, num_bins: int = 20) -> torch.Tensor:
    """Bin index of each continuous label in [-1, 1].

    ``index = clamp(floor((y + 1) / 2 * K), 0, K - 1)``, evaluated against
    exact decimal edges (see :func:`bin_edges`): ``-1 -> 0``, ``-0.9 -> 1``,
    ``0 -> K/2``, ``1 -> K - 1``.

    Args:
        y: labels of any shape (floating point).
        num_bins: number of bins ``K``.

    Returns:
        Long tensor of the same shape as ``y`` with values in ``[0, K-1]``.
        Non-finite labels get an arbitrary valid index; mask them out.

    Example:
        >>> va_to_bins(torch.tensor([-1.0, -0.9, 0.0, 0.999, 1.0]))
        tensor([ 0,  1, 10, 19, 19])
    """
    if not torch.is_floating_point(y):
        y = y.float()
    inner = bin_edges(num_bins, dtype=y.dtype, device=y.device)[1:-1]
    # number of inner edges <= y == floor((y + 1) / 2 * K), clamped
    return torch.bucketize(y.contiguous(), inner, right=True)
