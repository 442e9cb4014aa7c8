"""Distributed 1-D k-means (Lloyd) for the nCCE class centroids.

nCCE (Jegorova et al., FG 2023, https://arxiv.org/abs/2210.11341) needs the
centroid of each of the 20 classes from k-means on the training labels.
Here each dimension is clustered separately with Lloyd's algorithm
(Lloyd, "Least squares quantization in PCM", IEEE TIT 1982), initialised at
the uniform bin centres, so cluster ``l`` stays tied to bin ``l``.

Distributed: every process passes its own shard of the labels; each
iteration all-reduces the per-cluster sums and counts (float64), so all
processes hold identical centroids equal to the single-process result on
the union of the shards. Single process, the reduction is a no-op.
"""
from __future__ import annotations

from typing import Optional, Union

import numpy as np
import torch
from mmengine import dist

from .bins import bin_centres

ArrayLike = Union[np.ndarray, torch.Tensor]


def _as_float64(values: ArrayLike) -> torch.Tensor:
    return torch.as_tensor(np.asarray(values) if not isinstance(
        values, torch.Tensor) else values).detach().cpu().to(torch.float64)


def kmeans_1d(values: ArrayLike,
              valid: Optional[ArrayLike] = None,
              num_bins: int = 20,
              iters: int = 50,
              tol: float = 1e-6) -> torch.Tensor:
    """Lloyd's k-means on scalar values, initialised at the bin centres.

    Points are assigned to the nearest centroid (ties to the lower index);
    a cluster that receives no point keeps its current centroid (its start
    if it never receives one). Iteration stops when no centroid moves more
    than ``tol`` or after ``iters`` iterations. In 1-D the centroids stay
    sorted, so cluster ``l`` keeps the order of bin ``l``.

    Args:
        values: this process's shard of labels, shape (F,).
        valid: bool mask (F,); invalid and non-finite values are ignored.
        num_bins: number of clusters ``K``.
        iters: maximum number of Lloyd iterations.
        tol: convergence threshold on the largest centroid move.

    Returns:
        float64 tensor of shape (K,) (CPU), identical on every process.

    Example:
        >>> kmeans_1d(torch.tensor([-0.5, -0.4, 0.4, 0.5]), num_bins=2)
        tensor([-0.4500,  0.4500], dtype=torch.float64)
    """
    x = _as_float64(values).reshape(-1)
    keep = torch.isfinite(x)
    if valid is not None:
        valid = torch.as_tensor(np.asarray(valid) if not isinstance(
            valid, torch.Tensor) else valid).detach().cpu().reshape(-1)
        if valid.shape != x.shape:
            raise ValueError(f'valid must have shape {tuple(x.shape)}, got '
                             f'{tuple(valid.shape)}')
        keep &= valid.bool()
    x = x[keep]

    total = torch.tensor([float(x.numel())], dtype=torch.float64)
    dist.all_reduce(total, op='sum')
    if total.item() == 0:
        raise ValueError('kmeans_1d got no valid value on any process')

    centroids = bin_centres(num_bins, dtype=torch.float64)
    for _ in range(iters):
        assign = (x.unsqueeze(1) - centroids.unsqueeze(0)).abs().argmin(1)
        stats = torch.zeros(2, num_bins, dtype=torch.float64)
        stats[0].index_add_(0, assign, x)
        stats[1].index_add_(0, assign, torch.ones_like(x))
        dist.all_reduce(stats, op='sum')  # sums and counts of all shards
        sums, counts = stats
        new = torch.where(counts > 0, sums / counts.clamp_min(1.0), centroids)
        shift = (new - centroids).abs().max().item()
        centroids = new
        if shift <= tol:
            break
    return centroids


def compute_va_centroids(va: ArrayLike,
                         valid: Optional[ArrayLike] = None,
                         num_bins: int = 20,
                         iters: int = 50,
                         tol: float = 1e-6) -> torch.Tensor:
    """Centroids of every label dimension, shape (D, K) float64.

    Args:
        va: this process's frame labels, shape (F, D) (arousal, valence).
        valid: bool mask of valid frames, shape (F,).
        num_bins: number of clusters ``K`` per dimension.
        iters: maximum number of Lloyd iterations.
        tol: convergence threshold.
    """
    va = _as_float64(va)
    if va.dim() != 2:
        raise ValueError(f'va must have shape (F, D), got {tuple(va.shape)}')
    return torch.stack([
        kmeans_1d(va[:, d], valid, num_bins, iters, tol)
        for d in range(va.shape[1])
    ])
