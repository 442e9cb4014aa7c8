"""The configs of the paper-table miniatures: the committed rows of Tables
II-IV with the miniature base merged over them (data, segment length,
batch, a short schedule, the pretext checkpoints), and the pretext configs
whose checkpoints the rows start from. Used by
:mod:`mmaction_vaerr.tools.paper_tables` and the pretext x head table.
"""
from __future__ import annotations

import copy
import glob
import os.path as osp
import re
import time
from typing import Dict, List, Optional, Sequence

from mmaction_vaerr.tools import REPO

CFG = osp.join(REPO, 'configs')
MINI_BASE = osp.join(CFG, '_base_', 'mini', 'paper_tables_synthetic.py')
SCHED = {'sewa': '1xb8-10e', 'recola': '1xb4-10e'}


def load_mini(path: str = MINI_BASE) -> Dict:
    """The miniature base config as a plain dict."""
    from mmengine.config import Config
    return Config.fromfile(path).to_dict()


def table_rows(table: int, dataset: str,
               exclude: Sequence[str] = ()) -> List[str]:
    """Committed configs of one column of Table ``table``, in order."""
    sched = SCHED[dataset]
    rows = sorted(glob.glob(osp.join(CFG, 'vaerr', f'table{table}',
                                     f'*_{dataset}.py')))
    lira = f'r18-stem3d-gru_lira-pre-lrs3{{}}_{sched}_{dataset}.py'
    if table == 3:   # the CCC row is Table II's LiRA cell
        rows = [osp.join(CFG, 'vaerr', 'table2', 'vaerr-ccc_' +
                         lira.format(m)) for m in ('', '-frozen')] + rows
    if table == 4:   # "no augmentation": Table III's composite-loss cell
        loss = 'ccc-ce-mse' if dataset == 'sewa' else 'ccc-ce-ar'
        rows = [osp.join(CFG, 'vaerr', 'table3', f'vaerr-{loss}_' +
                         lira.format(''))] + rows
    rows = [r for r in rows
            if not any(re.search(x, osp.basename(r)) for x in exclude)]
    if not rows:
        raise FileNotFoundError(f'no Table {table} configs for {dataset} '
                                f'(exclude={list(exclude)})')
    return rows


def pretext_method(cfg) -> Optional[str]:
    """``lira`` / ``byol`` / ``dino`` of a pretrained config, else None."""
    init = cfg.model.backbone.get('init_cfg') or {}
    if init.get('type') != 'Pretrained':
        return None
    found = re.search(r'(lira|byol|dino)_', osp.basename(init['checkpoint']))
    if not found:
        found = re.search(r'(lira|byol|dino)', init['checkpoint'])
    if not found:
        raise ValueError(f'cannot tell the pretext of {init["checkpoint"]}')
    return found.group(1)


def set_epochs(cfg, epochs: int) -> None:
    """Shorten an epoch-based pretext config, schedulers found by type
    (tests only: the miniature runs the committed configs as they are)."""
    cfg.train_cfg.max_epochs = epochs
    for s in cfg.get('param_scheduler') or []:
        if s['type'] == 'LinearLR':          # warm-up: at most the run
            s['end'] = min(s.get('end', 1), epochs)
        elif s['type'] in ('CosineAnnealingLR',
                           'CosineAnnealingParamScheduler'):
            begin = min(s.get('begin', 0), epochs - 1)
            s.update(begin=begin, end=epochs, T_max=max(1, epochs - begin))
        else:
            raise ValueError(f'set_epochs: unhandled scheduler {s["type"]}')
    if 'model' in cfg and 'warmup_teacher_temp_epochs' in cfg.model:
        cfg.model.warmup_teacher_temp_epochs = min(
            cfg.model.warmup_teacher_temp_epochs, epochs)
    cfg.default_hooks.checkpoint = dict(type='CheckpointHook',
                                        interval=epochs)


def pretext_work_dir(path: str, root: str = 'work_dirs') -> str:
    return osp.join(root, osp.splitext(osp.basename(path))[0])


def mini_pretext_config(method: str, mini: Dict,
                        work_root: str = 'work_dirs'):
    """A committed ``*_synthetic-mini`` pretext config; a test may shrink it
    through ``mini['pretext_epochs']`` / ``mini['pretext_batch_size']``."""
    from mmengine.config import Config
    path = mini['pretext_configs'][method]
    cfg = Config.fromfile(osp.join(REPO, path))
    cfg.train_dataloader.dataset.data_root = mini['data_root']
    if mini.get('pretext_batch_size'):
        cfg.train_dataloader.batch_size = mini['pretext_batch_size']
    if mini['pretext_epochs'] != cfg.train_cfg.max_epochs:
        set_epochs(cfg, mini['pretext_epochs'])
    cfg.work_dir = pretext_work_dir(path, work_root)
    return cfg


def mini_downstream_config(path: str, mini: Dict, work_dir: str,
                           pretext_ckpts: Dict[str, str]):
    """A table config with the miniature base merged over it."""
    from mmengine.config import Config
    cfg = Config.fromfile(path)
    method = pretext_method(cfg)
    over = {k: copy.deepcopy(v) for k, v in mini.items() if k in (
        'model', 'train_dataloader', 'test_dataloader', 'train_cfg',
        'val_cfg', 'val_dataloader', 'val_evaluator', 'default_hooks',
        'log_processor', 'custom_hooks', 'visualizer')}
    cfg.merge_from_dict(over)   # (mmengine pops `_delete_`: hence copies)
    if cfg.get('param_scheduler'):
        raise ValueError(f'{path}: the paper configs use a constant LR')
    if method:
        cfg.model.backbone.init_cfg.checkpoint = pretext_ckpts[method]
    for t in cfg.train_dataloader.dataset.pipeline:
        if t['type'] == 'SampleVASegment':
            t['clip_len'] = mini['clip_len']
    cfg.work_dir = work_dir
    cfg.experiment_name = f'{osp.basename(work_dir)}_{time.time_ns()}'
    return cfg
