"""Training curves of a finished run from mmengine's ``vis_data/scalars.json``
(written by ``LocalVisBackend``: one JSON object per logged step)."""
from __future__ import annotations

import glob
import json
import os.path as osp
from typing import Dict, List, Tuple

import numpy as np


def find_scalars(run: str) -> str:
    """``run`` may be the json file, a ``vis_data`` folder, a timestamped
    run folder or a work dir (its latest timestamped run is used)."""
    if osp.isfile(run):
        return run
    cands = sorted(glob.glob(osp.join(run, 'scalars.json')) +
                   glob.glob(osp.join(run, 'vis_data', 'scalars.json')) +
                   glob.glob(osp.join(run, '*', 'vis_data', 'scalars.json')))
    if not cands:
        raise FileNotFoundError(f'{run}: no vis_data/scalars.json found (is '
                                'LocalVisBackend in vis_backends?)')
    return cands[-1]


def load_scalars(path: str) -> List[Dict]:
    """Records of ``scalars.json``; raises naming the line if one is bad."""
    records = []
    with open(path) as f:
        for i, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise ValueError(f'{path}:{i}: not JSON ({e})') from None
    if not records:
        raise ValueError(f'{path}: no records')
    return records


def _is_val(record: Dict) -> bool:
    return 'iter' not in record and any(k.startswith('va/') for k in record)


def split_records(records: List[Dict]):
    """Training records (they have ``iter``) and validation records."""
    train = [r for r in records if 'iter' in r]
    return train, [r for r in records if _is_val(r)]


def val_axis(records: List[Dict]) -> Tuple[List[Dict], List[float], str]:
    """Validation records, their x values and the x label.

    An epoch-based run logs validation at ``step = epoch``. An
    iteration-based run logs it at the iteration when its logger has
    ``log_metric_by_epoch=False``, and otherwise at ``step = 0`` every time
    (mmengine's default); then the last logged training iteration before
    each validation is used instead.
    """
    last_iter, val, at_iter = 0, [], []
    for r in records:
        if 'iter' in r:
            last_iter = r['iter']
        elif _is_val(r):
            val.append(r)
            at_iter.append(last_iter)
    key = 'epoch' if all('epoch' in r for r in val) else 'step'
    steps = [r.get(key, i) for i, r in enumerate(val)]
    if len(set(steps)) < len(steps):
        return val, at_iter, 'iteration'
    if all(s >= a for s, a in zip(steps, at_iter)):
        return val, steps, 'iteration'
    return val, steps, 'epoch'


def _save_plot(path: str, records: List[Dict], x_key: str, keys: List[str],
               xlabel: str, ylabel: str, title: str) -> str:
    """One line per key of ``records`` against ``x_key``, saved to ``path``."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    fig = Figure(figsize=(8, 4), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    for k in keys:
        pts = [(r[x_key], r[k]) for r in records if k in r]
        if pts:
            x, y = np.array(pts, dtype=np.float64).T
            ax.plot(x, y, marker='o' if len(pts) < 30 else None, ms=3,
                    label=k)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path)
    return path


def plot_curves(records: List[Dict], out_dir: str) -> Dict[str, str]:
    """Write ``losses.png`` (every ``loss*`` key vs iteration) and
    ``val_ccc.png`` (``va/ccc_*`` per dimension, plus the per-video CCC
    when logged, vs epoch or iteration: see :func:`val_axis`). Returns the
    written paths."""
    import os
    os.makedirs(out_dir, exist_ok=True)
    train, val = split_records(records)
    written = {}
    if train:
        keys = sorted({k for r in train for k in r if k.startswith('loss')})
        written['losses'] = _save_plot(
            osp.join(out_dir, 'losses.png'), train, 'iter', keys,
            'iteration', 'loss', 'training losses per component')
    if val:
        val, xs, xlabel = val_axis(records)
        val = [dict(r, _x=x) for r, x in zip(val, xs)]
        keys = sorted({k for r in val for k in r
                       if k.startswith(('va/ccc_', 'va/video_ccc_'))})
        written['val_ccc'] = _save_plot(
            osp.join(out_dir, 'val_ccc.png'), val, '_x', keys,
            xlabel, 'CCC', 'validation CCC per dimension')
    if not written:
        raise ValueError('no training losses and no va/ validation metrics '
                         'in the records')
    return written
