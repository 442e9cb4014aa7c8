"""Loss weights against class imbalance, from label counts (no registration).

Aff-Wild2's expression labels are dominated by *neutral* and *other*, and
most AUs are inactive in most frames, so unweighted losses learn to predict
the majority. The usual remedies, used by the ABAW baselines (Kollias et
al., https://arxiv.org/abs/2303.01498):

* class weights inversely proportional to the class frequency,
  ``w_k = N / (K * n_k)`` (mean weight 1 over the samples);
* a positive weight per AU, ``pos_weight_a = n_neg_a / n_pos_a``, which
  makes positives and negatives of each AU weigh the same in the BCE.
"""
from __future__ import annotations

from typing import List, Sequence

import numpy as np


def inverse_frequency_weights(counts: Sequence[int],
                              max_weight: float = 50.0) -> List[float]:
    """``N / (K * n_k)`` per class; a class without samples gets 0.

    Args:
        counts: samples (frames or clips) per class.
        max_weight: upper bound, so a class with a handful of samples does
            not dominate the loss.
    """
    counts = np.asarray(counts, np.float64)
    if counts.ndim != 1 or (counts < 0).any() or counts.sum() <= 0:
        raise ValueError(f'counts must be non-negative with a positive sum, '
                         f'got {counts.tolist()}')
    w = np.divide(counts.sum(), len(counts) * counts,
                  out=np.zeros_like(counts), where=counts > 0)
    return np.minimum(w, max_weight).round(4).tolist()


def au_pos_weights(positives: Sequence[int], negatives: Sequence[int],
                   max_weight: float = 50.0) -> List[float]:
    """``n_neg / n_pos`` per AU (1 where an AU has no positive sample)."""
    pos = np.asarray(positives, np.float64)
    neg = np.asarray(negatives, np.float64)
    if pos.shape != neg.shape or (pos < 0).any() or (neg < 0).any():
        raise ValueError('positives and negatives must be equal-length '
                         'non-negative counts')
    w = np.divide(neg, pos, out=np.ones_like(pos), where=pos > 0)
    return np.clip(w, 1.0 / max_weight, max_weight).round(4).tolist()
