"""nCCE: cross-entropy weighted by a centroid-distance cost.

SS-VAERR (Jegorova et al., FG 2023, https://arxiv.org/abs/2210.11341)
weights each frame's cross-entropy by

    C = 1 + || sum_l K_l (Y_l - Yhat_l) ||_2

with ``Y`` the one-hot target, ``Yhat`` the softmax probabilities and
``K_l`` the centroid of class ``l`` from k-means (k = 20) on the training
labels. Each dimension is a scalar, so ``C = 1 + |K_y - sum_l p_l K_l|``:
one plus the distance between the true class's centroid and the
probability-weighted centroid the network predicts.

Interpretation implemented here (the paper leaves it open): the classes are
the 20 uniform bins of :mod:`.bins`; the k-means is Lloyd's algorithm in 1-D
on the training labels of each dimension, initialised at the bin centres,
and ``K_l`` is the final centroid that started at bin ``l``'s centre (see
:func:`.kmeans.kmeans_1d`). The centroids are persistent buffers, so they
are saved in and restored from checkpoints with the model;
:class:`mmaction_vaerr.engine.NCCECentroidHook` fills them before training.
"""
from __future__ import annotations

from typing import Optional

import torch
import torch.nn as nn

from mmaction.registry import MODELS
from .bin_ce_loss import bin_log_probs
from .bins import bin_centres
from .utils import select_logits


@MODELS.register_module()
class NCCELoss(nn.Module):
    """Cost-sensitive cross-entropy over uniform bins (nCCE).

    The loss per dimension is the mean over valid frames of ``C * CE``.
    By default the gradient also flows through ``C`` (the formula as
    written is a function of ``Yhat``); ``detach_cost=True`` treats ``C`` as
    a constant per-frame weight instead.

    Args:
        num_bins: number of classes ``K`` (uniform bins on [-1, 1]).
        num_dims: number of label dimensions ``D``.
        detach_cost: stop the gradient through the cost ``C``.

    Buffers (persistent, saved in checkpoints):
        centroids: (D, K) k-means centroid of each class; initialised to
            the bin centres but unusable until :meth:`set_centroids`.
        centroids_ready: bool scalar, True once centroids were set.
    """

    def __init__(self, num_bins: int = 20, num_dims: int = 2,
                 detach_cost: bool = False) -> None:
        super().__init__()
        self.num_bins = num_bins
        self.num_dims = num_dims
        self.detach_cost = detach_cost
        init = bin_centres(num_bins, dtype=torch.float32)
        self.register_buffer('centroids',
                             init.repeat(num_dims, 1).contiguous())
        self.register_buffer('centroids_ready',
                             torch.tensor(False, dtype=torch.bool))

    def needs_centroids(self) -> bool:
        """True while the centroids have not been set (or restored)."""
        return not bool(self.centroids_ready.item())

    @torch.no_grad()
    def set_centroids(self, centroids: torch.Tensor) -> None:
        """Store the class centroids, shape (D, K), and mark them ready."""
        centroids = torch.as_tensor(centroids)
        if tuple(centroids.shape) != tuple(self.centroids.shape):
            raise ValueError(f'centroids must have shape '
                             f'{tuple(self.centroids.shape)}, got '
                             f'{tuple(centroids.shape)}')
        if not torch.isfinite(centroids).all():
            raise ValueError('centroids contain non-finite values')
        self.centroids.copy_(centroids.to(self.centroids))
        self.centroids_ready.fill_(True)

    def forward(self, reg: Optional[torch.Tensor], logits: torch.Tensor,
                target: torch.Tensor,
                mask: Optional[torch.Tensor]) -> torch.Tensor:
        """Args: see :mod:`.utils`. Returns: (D,) unweighted loss."""
        if self.needs_centroids():
            raise RuntimeError(
                'NCCELoss has no k-means centroids: add '
                "dict(type='NCCECentroidHook') to custom_hooks (it computes "
                'them from the training labels before training), load a '
                'checkpoint that holds them, or call set_centroids().')
        z, y = select_logits(logits, target, mask, self.num_bins)
        if z.shape[1] != self.num_dims:
            raise ValueError(f'NCCELoss was built for {self.num_dims} '
                             f'dimensions, got {z.shape[1]}')
        if z.shape[0] == 0:
            return z.sum((0, 2)) * 0.0
        log_p, bins = bin_log_probs(z, y, self.num_bins)  # (M,D,K), (M,D)
        ce = -log_p.gather(-1, bins.unsqueeze(-1)).squeeze(-1)  # (M, D)
        cents = self.centroids.to(log_p.dtype)  # (D, K)
        # k_true[m, d] = K_{y[m,d]} of dimension d; k_pred = sum_l p_l K_l
        k_true = cents.unsqueeze(0).expand_as(log_p).gather(
            -1, bins.unsqueeze(-1)).squeeze(-1)
        k_pred = (log_p.exp() * cents.unsqueeze(0)).sum(-1)
        cost = 1.0 + (k_true - k_pred).abs()
        if self.detach_cost:
            cost = cost.detach()
        return (cost * ce).mean(0)
