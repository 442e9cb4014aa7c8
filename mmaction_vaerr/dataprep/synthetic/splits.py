"""Subject-disjoint split assignment for the synthetic dataset."""
from __future__ import annotations

from typing import Dict, List, Union

import numpy as np


def resolve_splits(splits: Dict[str, Union[int, float]],
                   num_subjects: int) -> Dict[str, List[int]]:
    """Assign consecutive subjects to splits given counts or fractions.

    When every value is an integer, values are subject counts and must sum
    to ``num_subjects``; otherwise they are relative weights (fractions),
    rounded by largest remainder with at least one subject per non-zero
    weight when there are enough subjects.
    """
    if not splits:
        raise ValueError('splits must name at least one split')
    names = list(splits)
    vals = [splits[n] for n in names]
    if any(v < 0 for v in vals):
        raise ValueError(f'split sizes must be >= 0, got {splits}')
    if all(isinstance(v, (int, np.integer)) for v in vals):
        counts = [int(v) for v in vals]
        if sum(counts) != num_subjects:
            raise ValueError(f'split subject counts {splits} sum to '
                             f'{sum(counts)}, not num_subjects={num_subjects}')
    else:
        frac = np.asarray(vals, dtype=np.float64)
        if frac.sum() <= 0:
            raise ValueError(f'split fractions {splits} sum to 0')
        exact = frac / frac.sum() * num_subjects
        counts = np.floor(exact).astype(int)
        if num_subjects >= int((frac > 0).sum()):
            counts = np.maximum(counts, (frac > 0).astype(int))
        while counts.sum() > num_subjects:
            counts[int(np.argmax(counts))] -= 1
        order = np.argsort(-(exact - np.floor(exact)), kind='stable')
        for i in order[:num_subjects - counts.sum()]:
            counts[i] += 1
        counts = counts.tolist()
    out, start = {}, 0
    for name, c in zip(names, counts):
        out[name] = list(range(start, start + c))
        start += c
    return out
