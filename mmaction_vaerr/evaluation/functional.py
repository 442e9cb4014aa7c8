"""NumPy CCC, PCC and RMSE for continuous emotion (AVEC conventions).

All statistics are population (1/N) moments in float64:

    CCC = 2 cov(x, y) / (var(x) + var(y) + (mean(x) - mean(y))^2)

(Lin, Biometrics 1989, https://doi.org/10.2307/2532051). The AVEC baseline
scripts write ``2 * corrcoef * std(x) * std(y) / (...)`` with NumPy's
default (1/N) ``std``; since ``corrcoef * std * std == cov`` this is the same
number. The unbiased form (1/(N-1) for cov and both variances) differs only
in the ``(mean(x) - mean(y))^2`` term's relative weight, i.e. by O(1/N).
Degenerate finite inputs never give NaN: a zero denominator gives 0. A
non-finite value (NaN, +-inf, e.g. from a diverged model) is an error, never
a score: a silent 0 would rank a diverged model like a constant one. Both
inputs must be 1-D of the same length (no silent flattening).
"""
from __future__ import annotations

from typing import Dict, Sequence

import numpy as np

#: the columns of a (frames, 2) arousal/valence array, in order
VA_DIMS = ('arousal', 'valence')


def _pair(x, y):
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.ndim != 1 or x.shape != y.shape:
        raise ValueError('x and y must be 1-D of the same length; got shapes '
                         f'{x.shape} and {y.shape}')
    if x.size == 0:
        raise ValueError('x and y are empty')
    for name, a in (('x', x), ('y', y)):
        bad = np.flatnonzero(~np.isfinite(a))
        if bad.size:
            raise ValueError(f'{name} has {bad.size} non-finite value(s) '
                             f'(first at index {bad[0]}: {a[bad[0]]}); '
                             'CCC/PCC/RMSE are undefined')
    return x, y


def ccc(x, y) -> float:
    """Concordance correlation coefficient of two 1-D sequences.

    Args:
        x: predictions (N,).
        y: ground truth (N,).

    Returns:
        CCC in [-1, 1]; 0 when the denominator vanishes (both constant and
        equal) and 0 for a constant prediction against a varying target.

    Raises:
        ValueError: shapes differ or are not 1-D, the inputs are empty, or
            either holds a NaN or an infinity.

    Example:
        >>> ccc([0., 1., 2.], [0., 1., 2.])
        1.0
    """
    x, y = _pair(x, y)
    mx, my = x.mean(), y.mean()
    cov = np.mean((x - mx) * (y - my))
    denom = np.mean((x - mx)**2) + np.mean((y - my)**2) + (mx - my)**2
    return float(2.0 * cov / denom) if denom > 0 else 0.0


def pcc(x, y) -> float:
    """Pearson correlation of two 1-D sequences; 0 if either is constant."""
    x, y = _pair(x, y)
    xc, yc = x - x.mean(), y - y.mean()
    denom = np.sqrt(np.mean(xc**2) * np.mean(yc**2))
    return float(np.mean(xc * yc) / denom) if denom > 0 else 0.0


def rmse(x, y) -> float:
    """Root mean squared error of two 1-D sequences."""
    x, y = _pair(x, y)
    return float(np.sqrt(np.mean((x - y)**2)))


def ccc_per_dim(pred, target, dims: Sequence[str] = VA_DIMS
                ) -> Dict[str, float]:
    """:func:`ccc` of each column: ``{dims[i]: ccc(pred[:, i],
    target[:, i])}`` for (N, len(dims)) predictions and targets (labels, or
    a reference model's predictions for agreement)."""
    pred, target = np.asarray(pred), np.asarray(target)
    return {d: ccc(pred[:, i], target[:, i]) for i, d in enumerate(dims)}
