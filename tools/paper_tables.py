"""The paper's Tables II-IV in miniature on the embedded synthetic data.

    python tools/paper_tables.py --table 2 --mini [--dataset sewa]
    python tools/paper_tables.py --table 3 --mini --dataset recola

Every row is a committed table config (``configs/vaerr/table{2,3,4}/``, plus
the cells other tables already hold: Table III's CCC row is Table II's LiRA
row, Table IV's "no augmentation" row is Table III's composite-loss row).
``--mini`` runs each with the fixed, documented changes below (``MINI``)
that fit a CPU, and nothing else; the table config supplies the loss,
pretext initialisation, mode, augmentation, learning rate and batch shape:

- data: a generated synthetic set (``data/synthetic_mini``: subjects split
  into an unlabelled ``pretrain`` pool and labelled train / val / test),
  read with the synthetic set's mean/std; segments of ``clip_len`` frames;
- schedule: ``iters`` steps at the config's own (constant) learning rate,
  validated and tested once at the end;
- pretext checkpoints: the committed 5-epoch synthetic pretext configs
  (``configs/selfsup/*_1xb8-5e_synthetic.py``) as they are, on the
  ``pretrain`` pool (``--pretext-epochs`` shortens them; their schedulers
  are then rescaled by type, not by list index).

Only the SEWA or the RECOLA column is run (``--dataset``): the synthetic set
is one dataset. Results: ``<work-dir>/table<N>_<dataset>.{json,md}``.
Training runs in this process through mmengine's ``Runner``.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import os.path as osp
import re
import time
from typing import Dict, List, Optional

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
CFG = osp.join(REPO, 'configs')
MINI = dict(
    data_root='data/synthetic_mini',
    subjects=dict(pretrain=8, train=4, val=3, test=3),
    videos_per_subject=2, num_frames=(100, 150), seed=2,
    clip_len=16, iters=40, pretext_epochs=None, pretext_batch_size=None,
    stats=osp.join(CFG, '_base_', 'datasets', 'stats', 'synthetic.json'))
PRETEXT = {
    'lira': 'lira_r18-stem3d-conformer_1xb8-5e_synthetic.py',
    'byol': 'byol_r18-stem3d_1xb8-5e_synthetic.py',
    'dino': 'dino_r18-stem3d_1xb8-5e_synthetic.py',
}
SCHED = {'sewa': '1xb8-10e', 'recola': '1xb4-10e'}


def table_rows(table: int, dataset: str) -> List[str]:
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
    if not rows:
        raise FileNotFoundError(f'no Table {table} configs for {dataset}')
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
    """Shorten an epoch-based pretext config, schedulers found by type."""
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


def _light_runtime(cfg, work_dir: str) -> None:
    cfg.work_dir = work_dir
    cfg.experiment_name = f'{osp.basename(work_dir)}_{time.time_ns()}'
    cfg.visualizer.vis_backends = [dict(type='LocalVisBackend')]
    cfg.default_hooks.logger = dict(type='LoggerHook', interval=10)
    cfg.pop('sync_bn', None)


def mini_pretext_config(method: str, mini: Dict, work_dir: str):
    from mmengine.config import Config
    cfg = Config.fromfile(osp.join(CFG, 'selfsup', PRETEXT[method]))
    loader = cfg.train_dataloader
    loader.update(num_workers=0, persistent_workers=False)
    loader.dataset.update(data_root=mini['data_root'], split='pretrain')
    if mini.get('pretext_batch_size'):
        loader.batch_size = mini['pretext_batch_size']
    if mini.get('pretext_epochs'):
        set_epochs(cfg, mini['pretext_epochs'])
    _light_runtime(cfg, work_dir)
    return cfg


def mini_downstream_config(path: str, mini: Dict, work_dir: str,
                           pretext_ckpts: Dict[str, str]):
    """A table config with the ``MINI`` changes (and only those)."""
    from mmengine.config import Config
    cfg = Config.fromfile(path)
    with open(mini['stats']) as f:
        stats = json.load(f)
    cfg.model.data_preprocessor.update(mean=stats['pixel_mean'],
                                       std=stats['pixel_std'])
    method = pretext_method(cfg)
    if method:
        cfg.model.backbone.init_cfg.checkpoint = pretext_ckpts[method]
    for split in ('train', 'val', 'test'):
        loader = cfg[f'{split}_dataloader']
        loader.update(num_workers=0, persistent_workers=False)
        loader.dataset.update(data_root=mini['data_root'],
                              ann_file=f'splits/{split}.txt')
    for t in cfg.train_dataloader.dataset.pipeline:
        if t['type'] == 'SampleVASegment':
            t['clip_len'] = mini['clip_len']
    cfg.train_dataloader.sampler = dict(type='InfiniteSampler', shuffle=True)
    iters = mini['iters']
    cfg.train_cfg = dict(type='IterBasedTrainLoop', max_iters=iters,
                         val_interval=iters)
    if cfg.get('param_scheduler'):
        raise ValueError(f'{path}: the paper configs use a constant LR')
    cfg.default_hooks.checkpoint = dict(type='CheckpointHook',
                                        by_epoch=False, interval=iters)
    cfg.log_processor = dict(type='LogProcessor', window_size=10,
                             by_epoch=False)
    cfg.custom_hooks = [h for h in cfg.get('custom_hooks', [])
                        if h['type'] == 'NCCECentroidHook']
    _light_runtime(cfg, work_dir)
    return cfg


def generate(mini: Dict) -> None:
    from mmaction_vaerr.datasets.synthetic import generate_synthetic_dataset
    n = sum(mini['subjects'].values())
    generate_synthetic_dataset(
        mini['data_root'], num_subjects=n,
        videos_per_subject=mini['videos_per_subject'],
        num_frames=mini['num_frames'], seed=mini['seed'], num_workers=1,
        splits=dict(mini['subjects']))


def run_table(table: int, dataset: str, work: str, mini: Dict,
              limit: Optional[int] = None) -> List[dict]:
    from mmengine.runner import Runner
    from mmengine.config import Config
    rows = table_rows(table, dataset)[:limit]
    needed = {pretext_method(Config.fromfile(r)) for r in rows} - {None}
    ckpts = {}
    for method in sorted(needed):
        wd = osp.join(work, f'pretext_{method}')
        cfg = mini_pretext_config(method, mini, wd)
        ckpts[method] = osp.join(wd, f'epoch_{cfg.train_cfg.max_epochs}.pth')
        if not osp.isfile(ckpts[method]):
            Runner.from_cfg(cfg).train()
    results = []
    for path in rows:
        name = osp.splitext(osp.basename(path))[0]
        wd = osp.join(work, name)
        runner = Runner.from_cfg(mini_downstream_config(path, mini, wd,
                                                        ckpts))
        runner.train()
        metrics = runner.test()
        results.append(dict(config=osp.relpath(path, REPO),
                            **{k: float(v) for k, v in metrics.items()}))
    return results


def to_markdown(table: int, dataset: str, results: List[dict]) -> str:
    lines = [f'Table {table} in miniature ({dataset.upper()} column, '
             'synthetic data)', '',
             '| config | CCC arousal | CCC valence | mean CCC |',
             '| --- | --- | --- | --- |']
    for r in results:
        lines.append('| `{}` | {:.3f} | {:.3f} | {:.3f} |'.format(
            osp.basename(r['config']), r.get('va/ccc_arousal', float('nan')),
            r.get('va/ccc_valence', float('nan')),
            r.get('va/ccc_mean', float('nan'))))
    return '\n'.join(lines) + '\n'


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--table', type=int, choices=(2, 3, 4), required=True)
    p.add_argument('--mini', action='store_true', required=True,
                   help='the miniature on synthetic data (the full tables '
                   'need SEWA / RECOLA: run their configs with '
                   'tools/train.py)')
    p.add_argument('--dataset', choices=sorted(SCHED), default='sewa')
    p.add_argument('--work-dir', default='work_dirs/paper_tables_mini')
    p.add_argument('--data-root', default=MINI['data_root'])
    p.add_argument('--iters', type=int, default=MINI['iters'])
    p.add_argument('--pretext-epochs', type=int, default=None,
                   help='shorten the pretext runs (default: the configs\' '
                   '5 epochs)')
    p.add_argument('--rows', type=int, default=None,
                   help='run only the first N rows (smoke test)')
    return p.parse_args(argv)


def main(argv=None) -> List[dict]:
    args = parse_args(argv)
    os.chdir(REPO)
    import mmaction_vaerr  # noqa: F401  (registers the plugin)
    from mmaction.utils import register_all_modules
    register_all_modules(init_default_scope=True)
    mini = dict(MINI, iters=args.iters, pretext_epochs=args.pretext_epochs,
                data_root=args.data_root)
    generate(mini)
    results = run_table(args.table, args.dataset, args.work_dir, mini,
                        args.rows)
    out = osp.join(args.work_dir, f'table{args.table}_{args.dataset}')
    with open(out + '.json', 'w') as f:
        json.dump(dict(mini=mini, results=results), f, indent=2)
    md = to_markdown(args.table, args.dataset, results)
    with open(out + '.md', 'w') as f:
        f.write(md)
    print(md)
    return results


if __name__ == '__main__':
    main()
