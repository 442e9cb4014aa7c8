"""Concordance correlation coefficient (CCC) loss.

Lin, "A concordance correlation coefficient to evaluate reproducibility",
Biometrics 1989 (https://doi.org/10.2307/2532051); used as ``1 - CCC`` by
SS-VAERR (Jegorova et al., FG 2023, https://arxiv.org/abs/2210.11341).
"""
from __future__ import annotations

from typing import Optional

import torch
import torch.nn as nn

from mmaction.registry import MODELS
from .utils import select_reg


def concordance_cc(x: torch.Tensor, y: torch.Tensor,
                   eps: float = 1e-8) -> torch.Tensor:
    """Per-column CCC of two (M, D) tensors, population (1/M) statistics.

    ``CCC = 2 cov(x, y) / (var(x) + var(y) + (mean(x) - mean(y))^2)``, with
    covariance and both variances all divided by ``M`` (mixing the 1/(M-1)
    covariance with 1/M variances would inflate CCC by M/(M-1)).

    Degenerate cases never give NaN: with fewer than 2 rows the result is 0
    (connected to the graph, zero gradient); a vanishing denominator (both
    columns constant and equal) gives 0; a constant ``x`` gives 0.

    Args:
        x: predictions, shape (M, D).
        y: targets, shape (M, D).
        eps: lower bound of the denominator.

    Returns:
        Tensor of shape (D,).
    """
    if x.shape != y.shape or x.dim() != 2:
        raise ValueError(f'x and y must both be (M, D), got {tuple(x.shape)} '
                         f'and {tuple(y.shape)}')
    if x.shape[0] < 2:
        return x.sum(0) * 0.0
    x_c = x - x.mean(0)
    y_c = y - y.mean(0)
    cov = (x_c * y_c).mean(0)
    denom = (x_c.pow(2).mean(0) + y_c.pow(2).mean(0) +
             (x.mean(0) - y.mean(0)).pow(2))
    return 2.0 * cov / denom.clamp_min(eps)


@MODELS.register_module()
class CCCLoss(nn.Module):
    """``1 - CCC`` per dimension over all valid frames of the batch.

    All valid frames of all clips in the batch are pooled into one sequence
    per dimension (as in the paper); invalid frames are dropped before any
    mean or variance is taken. With fewer than 2 valid frames the loss is 0
    with zero gradient.

    Args:
        eps: lower bound of the CCC denominator.

    Example:
        >>> reg = torch.tensor([[[0., 1.], [1., 0.], [2., 2.]]])
        >>> loss = CCCLoss()(reg, None, reg.clone(), None)  # perfect
        >>> torch.allclose(loss, torch.zeros(2))
        True
    """

    def __init__(self, eps: float = 1e-8) -> None:
        super().__init__()
        self.eps = eps

    def forward(self, reg: torch.Tensor, logits: Optional[torch.Tensor],
                target: torch.Tensor,
                mask: Optional[torch.Tensor]) -> torch.Tensor:
        """Args: see :mod:`.utils`. Returns: (D,) unweighted loss."""
        x, y = select_reg(reg, target, mask)
        if x.shape[0] < 2:
            return x.sum(0) * 0.0
        return 1.0 - concordance_cc(x, y, self.eps)
