"""Helpers of the experiment scripts (``tools/quickstart.py``,
``tools/ssl_experiment.py``): run a training/test command, point a config's
dataloaders at a root, shorten its schedule, find its best checkpoint.

They build mmengine ``--cfg-options`` lists for mmaction2's own
``tools/train.py`` / ``tools/test.py``, which the scripts start as
subprocesses.
"""
from __future__ import annotations

import glob
import os.path as osp
import subprocess
from typing import List


def run(cmd: List[str]) -> None:
    """Echo and run ``cmd``; raises ``CalledProcessError`` if it fails."""
    print('+', ' '.join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def data_opts(root: str) -> List[str]:
    """``--cfg-options`` pointing all three dataloaders at ``root``."""
    return [f'{s}_dataloader.dataset.data_root={root}'
            for s in ('train', 'val', 'test')]


def schedule_opts(iters: int, config: str) -> List[str]:
    """``--cfg-options`` for ``iters`` steps of ``config``'s schedule:
    the cosine follows (found by its type, not its place in the list),
    validation and checkpoints every quarter.

    Raises:
        SystemExit: the config has not exactly one ``CosineAnnealingLR``.
    """
    from mmengine.config import Config
    scheds = Config.fromfile(config).param_scheduler
    idx = [i for i, s in enumerate(scheds)
           if s['type'] == 'CosineAnnealingLR']
    if len(idx) != 1:
        raise SystemExit(f'{config}: --iters needs exactly one '
                         f'CosineAnnealingLR in param_scheduler, found '
                         f'{len(idx)}')
    quarter = max(1, iters // 4)
    return [f'train_cfg.max_iters={iters}',
            f'train_cfg.val_interval={quarter}',
            f'default_hooks.checkpoint.interval={quarter}',
            f'param_scheduler.{idx[0]}.end={iters}',
            f'param_scheduler.{idx[0]}.T_max={iters}']


def best_checkpoint(work_dir: str) -> str:
    """The ``best_*.pth`` of ``work_dir`` (the last by name), else the one
    ``last_checkpoint`` names."""
    best = sorted(glob.glob(osp.join(work_dir, 'best_*.pth')))
    if best:
        return best[-1]
    with open(osp.join(work_dir, 'last_checkpoint')) as f:
        return f.read().strip()
