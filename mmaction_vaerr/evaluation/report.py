"""Score dumped predictions and print result tables (used by the tools)."""
from __future__ import annotations

import pickle
from typing import Dict, List, Sequence

from .metrics import CCCMetric


def score_samples(samples: Sequence[dict]) -> Dict[str, float]:
    """CCCMetric over dumped data samples (``tools/test.py --dump``)."""
    metric = CCCMetric()
    metric.process({}, list(samples))
    return metric.compute_metrics(metric.results)


def score_dump(path: str) -> Dict[str, float]:
    with open(path, 'rb') as f:
        return score_samples(pickle.load(f))


def format_metrics(res: Dict[str, float]) -> str:
    """One table: CCC / PCC / RMSE / per-video CCC for each dimension."""
    lines = [f"{'':10s} {'CCC':>7s} {'PCC':>7s} {'RMSE':>7s} "
             f"{'video CCC':>10s}"]
    for d in ('arousal', 'valence'):
        lines.append(f"{d:10s} {res[f'ccc_{d}']:7.3f} {res[f'pcc_{d}']:7.3f} "
                     f"{res[f'rmse_{d}']:7.3f} {res[f'video_ccc_{d}']:10.3f}")
    lines.append(f"{'mean':10s} {res['ccc_mean']:7.3f} {'':7s} {'':7s} "
                 f"{res['video_ccc_mean']:10.3f}")
    return '\n'.join(lines)


def format_comparison(rows: List[Dict]) -> str:
    """Rows of ``dict(name=..., ccc_arousal=..., ccc_valence=..., ...)``."""
    head = (f"{'initialisation':34s} {'CCC-A':>6s} {'CCC-V':>6s} "
            f"{'mean':>6s} {'vidCCC':>7s}")
    out = [head, '-' * len(head)]
    for r in rows:
        out.append(f"{r['name']:34s} {r['ccc_arousal']:6.3f} "
                   f"{r['ccc_valence']:6.3f} {r['ccc_mean']:6.3f} "
                   f"{r['video_ccc_mean']:7.3f}")
    return '\n'.join(out)
