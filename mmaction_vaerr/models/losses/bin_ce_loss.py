"""Cross-entropy over uniform arousal/valence bins.

SS-VAERR (Jegorova et al., FG 2023, https://arxiv.org/abs/2210.11341)
classifies each frame's label into 20 uniform bins on [-1, 1] next to the
regression. The loss works on raw logits (``log_softmax`` applied once
here); the authors' release applied cross-entropy to already-softmaxed
outputs, which we do not repeat.
"""
from __future__ import annotations

from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F

from mmaction.registry import MODELS
from .bins import va_to_bins
from .utils import select_logits


def bin_log_probs(logits: torch.Tensor, target: torch.Tensor,
                  num_bins: int):
    """Log-probabilities (M, D, K) and target bins (M, D) of valid frames.

    Args:
        logits: (M, D, K) raw logits of the valid frames.
        target: (M, D) labels in [-1, 1].
        num_bins: number of bins ``K``.
    """
    return F.log_softmax(logits, dim=-1), va_to_bins(target, num_bins)


@MODELS.register_module()
class BinCELoss(nn.Module):
    """Per-dimension cross-entropy of the bin logits, mean over valid frames.

    Equals ``F.cross_entropy(logits[mask][:, d], va_to_bins(target)[:, d])``
    for each dimension ``d``.

    Args:
        num_bins: number of uniform bins on [-1, 1].
    """

    def __init__(self, num_bins: int = 20) -> None:
        super().__init__()
        self.num_bins = num_bins

    def forward(self, reg: Optional[torch.Tensor], logits: torch.Tensor,
                target: torch.Tensor,
                mask: Optional[torch.Tensor]) -> torch.Tensor:
        """Args: see :mod:`.utils`. Returns: (D,) unweighted loss."""
        z, y = select_logits(logits, target, mask, self.num_bins)
        if z.shape[0] == 0:
            return z.sum((0, 2)) * 0.0
        log_p, bins = bin_log_probs(z, y, self.num_bins)
        nll = -log_p.gather(-1, bins.unsqueeze(-1)).squeeze(-1)  # (M, D)
        return nll.mean(0)
