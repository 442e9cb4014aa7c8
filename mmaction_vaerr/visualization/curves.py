"""Training curves of a finished run from mmengine's ``vis_data/scalars.json``
(written by ``LocalVisBackend``: one JSON object per logged step)."""
from __future__ import annotations

import glob
import json
import os.path as osp
from typing import Dict, List

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


def split_records(records: List[Dict]):
    """Training records (they have ``iter``) and validation records."""
    train = [r for r in records if 'iter' in r]
    val = [r for r in records if 'iter' not in r and
           any(k.startswith('va/') for k in r)]
    return train, val


def _plot(ax, records, x_key, keys):
    for k in keys:
        pts = [(r[x_key], r[k]) for r in records if k in r]
        if pts:
            x, y = np.array(pts, dtype=np.float64).T
            ax.plot(x, y, marker='o' if len(pts) < 30 else None, ms=3,
                    label=k)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)


def plot_curves(records: List[Dict], out_dir: str) -> Dict[str, str]:
    """Write ``losses.png`` (every ``loss*`` key vs iteration) and
    ``val_ccc.png`` (``va/ccc_*`` per dimension vs epoch, plus the
    per-video CCC when logged). Returns the written paths."""
    import os
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    os.makedirs(out_dir, exist_ok=True)
    train, val = split_records(records)
    written = {}
    if train:
        keys = sorted({k for r in train for k in r if k.startswith('loss')})
        fig = Figure(figsize=(8, 4), dpi=100)
        FigureCanvasAgg(fig)
        ax = fig.subplots()
        _plot(ax, train, 'iter', keys)
        ax.set_xlabel('iteration')
        ax.set_ylabel('loss')
        ax.set_title('training losses per component')
        fig.tight_layout()
        written['losses'] = osp.join(out_dir, 'losses.png')
        fig.savefig(written['losses'])
    if val:
        x_key = 'epoch' if all('epoch' in r for r in val) else 'step'
        keys = sorted({k for r in val for k in r
                       if k.startswith(('va/ccc_', 'va/video_ccc_'))})
        fig = Figure(figsize=(8, 4), dpi=100)
        FigureCanvasAgg(fig)
        ax = fig.subplots()
        _plot(ax, val, x_key, keys)
        ax.set_xlabel('epoch')
        ax.set_ylabel('CCC')
        ax.set_title('validation CCC per dimension')
        fig.tight_layout()
        written['val_ccc'] = osp.join(out_dir, 'val_ccc.png')
        fig.savefig(written['val_ccc'])
    if not written:
        raise ValueError('no training losses and no va/ validation metrics '
                         'in the records')
    return written
