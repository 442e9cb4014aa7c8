"""Reference formulas written out with plain Python loops, to check the
vectorised implementations against."""
from __future__ import annotations

from typing import Sequence


def loop_ccc(x: Sequence[float], y: Sequence[float]) -> float:
    """Lin's concordance correlation coefficient with population moments.

    ``2 cov(x, y) / (var x + var y + (mean x - mean y)^2)`` (Lin, "A
    concordance correlation coefficient to evaluate reproducibility",
    Biometrics 1989, https://doi.org/10.2307/2532051).
    """
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    vx = sum((a - mx)**2 for a in x) / n
    vy = sum((b - my)**2 for b in y) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(x, y)) / n
    return 2 * cov / (vx + vy + (mx - my)**2)
