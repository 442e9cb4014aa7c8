"""Score dumped predictions and print result tables (used by the tools)."""
from __future__ import annotations

from typing import Dict, List, Sequence

import numpy as np

from ..io.dump import load_dump
from .metrics import CCCMetric


def score_samples(samples: Sequence[dict]) -> Dict[str, float]:
    """CCCMetric over dumped data samples (``tools/test.py --dump``)."""
    metric = CCCMetric()
    metric.process({}, list(samples))
    return metric.compute_metrics(metric.results)


def score_dump(path: str) -> Dict[str, float]:
    """:func:`score_samples` of a dump file, read without running code
    (:func:`~mmaction_vaerr.io.dump.load_dump`)."""
    return score_samples(load_dump(path))


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


COMPARED = ('ccc_arousal', 'ccc_valence', 'ccc_mean', 'video_ccc_mean')


def summarise_seeds(runs: List[Dict]) -> List[Dict]:
    """One row per ``name`` of ``runs`` (dicts with ``name``, ``seed`` and
    the :data:`COMPARED` metrics), in first-seen order: each metric's mean
    over the row's seeds and its standard deviation (``<metric>_sd``, ddof
    1; 0 for one seed)."""
    out = []
    for name in dict.fromkeys(r['name'] for r in runs):
        rs = [r for r in runs if r['name'] == name]
        row = dict(name=name, seeds=[r['seed'] for r in rs])
        for m in COMPARED:
            v = np.array([r[m] for r in rs], float)
            row[m] = float(v.mean())
            row[m + '_sd'] = float(v.std(ddof=1)) if len(v) > 1 else 0.0
        out.append(row)
    return out


def format_comparison(rows: List[Dict]) -> str:
    """Rows of ``dict(name=..., ccc_arousal=..., ccc_valence=..., ...)``;
    rows from :func:`summarise_seeds` also show their seed count and
    ``mean+-sd``."""
    head = (f"{'initialisation':26s} {'seeds':>5s} {'CCC arousal':>13s} "
            f"{'CCC valence':>13s} {'mean CCC':>13s} {'video CCC':>13s}")
    out = [head, '-' * len(head)]
    for r in rows:
        cells = ' '.join(
            f"{r[m]:6.3f}+-{r[m + '_sd']:.3f}" if m + '_sd' in r
            else f'{r[m]:13.3f}' for m in COMPARED)
        out.append(f"{r['name']:26s} {len(r.get('seeds', [0])):5d} {cells}")
    return '\n'.join(out)
