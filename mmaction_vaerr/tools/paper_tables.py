"""The paper's Tables II-IV in miniature on the embedded synthetic data.

    python tools/paper_tables.py --table 2 --mini [--dataset sewa]
    python tools/paper_tables.py --table 3 --mini --exclude frozen
    python tools/paper_tables.py --table 4 --mini \
        --exclude 'aug-(flip|crop|cropout)-'

Every row is a committed table config (``configs/vaerr/table{2,3,4}/``, plus
the cells other tables already hold: Table III's CCC row is Table II's LiRA
row, Table IV's "no augmentation" row is Table III's composite-loss row).
``--mini`` merges the committed miniature base
``configs/_base_/mini/paper_tables_synthetic.py`` over each row (data,
segment length, batch, a short iteration schedule, the pretext checkpoints;
see its comments) and changes nothing else, so the row keeps its loss,
pretext initialisation, mode, augmentations and learning rate. The pretext
checkpoints come from the committed ``configs/selfsup/*_synthetic-mini.py``
configs, trained here first (in ``work_dirs/<config name>/``, as
``python tools/train.py CONFIG`` would) unless their checkpoint exists.

Only the SEWA or the RECOLA column is run (``--dataset``): the synthetic set
is one dataset. ``--exclude REGEX`` drops rows whose config name matches.
Results: ``<work-dir>/table<N>_<dataset>.{json,md}``; the table is printed.
The JSON is rewritten after every row and a rerun skips the rows it holds;
a row another table of the same column already measured (e.g. Table III's
CCC row, Table II's LiRA row) is copied from that table's JSON
(``"shared": true``), not trained again.
Training runs in this process through mmengine's ``Runner``.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import os.path as osp
import platform
import time
from typing import Dict, List, Optional, Sequence

from mmaction_vaerr.io import atomic_write, write_json_atomic
from mmaction_vaerr.tools import REPO

from mmaction_vaerr.tools.paper_mini import (  # noqa: F401 (re-exported)
    CFG, MINI_BASE, SCHED, load_mini, mini_downstream_config,
    mini_pretext_config, pretext_method, pretext_work_dir, set_epochs,
    table_rows)


def generate(mini: Dict) -> None:
    from mmaction_vaerr.dataprep.synthetic import generate_synthetic_dataset
    subjects = dict(mini['data_subjects'])
    generate_synthetic_dataset(
        mini['data_root'], num_subjects=sum(subjects.values()),
        videos_per_subject=mini['data_videos_per_subject'],
        num_frames=tuple(mini['data_num_frames']), seed=mini['data_seed'],
        num_workers=1, splits=subjects)


def pretrain(methods, mini: Dict, work_root: str = 'work_dirs'
             ) -> Dict[str, str]:
    """Checkpoint of each pretext, trained unless it exists."""
    from mmengine.runner import Runner
    ckpts = {}
    for method in sorted(methods):
        cfg = mini_pretext_config(method, mini, work_root)
        ckpts[method] = osp.join(cfg.work_dir,
                                 f'epoch_{cfg.train_cfg.max_epochs}.pth')
        if not osp.isfile(ckpts[method]):
            Runner.from_cfg(cfg).train()
    return ckpts


def run_table(table: int, dataset: str, work: str, mini: Dict,
              limit: Optional[int] = None, exclude: Sequence[str] = (),
              pretext_root: str = 'work_dirs', results: List[dict] = None,
              on_row=None, shared: Optional[Dict[str, dict]] = None
              ) -> List[dict]:
    """Train and test each row; rows already in ``results`` are kept
    (resume), a row that another table measured with the same miniature
    (``shared``: config -> result) is copied, ``on_row(results)`` runs after
    each new one."""
    from mmengine.config import Config
    from mmengine.runner import Runner
    results = list(results or [])
    shared = shared or {}
    done = {r['config'] for r in results}
    rows = [r for r in table_rows(table, dataset, exclude)[:limit]
            if osp.relpath(r, REPO) not in done]
    needed = {pretext_method(Config.fromfile(r)) for r in rows
              if osp.relpath(r, REPO) not in shared} - {None}
    ckpts = pretrain(needed, mini, pretext_root)
    for path in rows:
        if osp.relpath(path, REPO) in shared:
            results.append(dict(shared[osp.relpath(path, REPO)],
                                shared=True))
            continue
        name = osp.splitext(osp.basename(path))[0]
        cfg = mini_downstream_config(path, mini, osp.join(work, name), ckpts)
        t0 = time.time()
        runner = Runner.from_cfg(cfg)
        runner.train()
        metrics = runner.test()
        results.append(dict(config=osp.relpath(path, REPO),
                            seed=cfg.randomness.seed,
                            wall_s=round(time.time() - t0, 1),
                            **{k: float(v) for k, v in metrics.items()}))
        if on_row:
            on_row(results)
    return results


def to_markdown(table: int, dataset: str, results: List[dict]) -> str:
    lines = [f'Table {table} in miniature ({dataset.upper()} column, '
             'synthetic data; test subjects, frame CCC)', '',
             '| config | CCC arousal | CCC valence | mean CCC |',
             '| --- | --- | --- | --- |']
    for r in results:
        lines.append('| `{}` | {:.3f} | {:.3f} | {:.3f} |'.format(
            osp.basename(r['config']), r.get('va/ccc_arousal', float('nan')),
            r.get('va/ccc_valence', float('nan')),
            r.get('va/ccc_mean', float('nan'))))
    return '\n'.join(lines) + '\n'


def cpu_name() -> str:
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--table', type=int, choices=(2, 3, 4), required=True)
    p.add_argument('--mini', action='store_true', required=True,
                   help='the miniature on synthetic data (the full tables '
                   'need SEWA / RECOLA: run their configs with '
                   'tools/train.py)')
    p.add_argument('--dataset', choices=sorted(SCHED), default='sewa')
    p.add_argument('--exclude', action='append', default=[],
                   metavar='REGEX', help='skip rows whose config name '
                   'matches (repeatable)')
    p.add_argument('--work-dir', default='work_dirs/paper_tables_mini')
    return p.parse_args(argv)


def main(argv=None) -> List[dict]:
    args = parse_args(argv)
    os.chdir(REPO)
    import mmaction_vaerr  # noqa: F401  (registers the plugin)
    from mmaction.utils import register_all_modules
    register_all_modules(init_default_scope=True)
    mini = load_mini()
    t0 = time.time()
    os.makedirs(args.work_dir, exist_ok=True)
    out = osp.join(args.work_dir, f'table{args.table}_{args.dataset}')
    prev = dict(results=[], meta=dict(wall_s=0.0))
    if osp.isfile(out + '.json'):      # resume: rows already measured
        with open(out + '.json') as f:
            prev = json.load(f)
    meta = dict(table=args.table, dataset=args.dataset,
                exclude=args.exclude, mini_base=osp.relpath(MINI_BASE, REPO),
                cpu=cpu_name(), threads=__import__('torch').get_num_threads())

    def save(results):
        meta['wall_s'] = round(prev['meta']['wall_s'] + time.time() - t0, 1)
        write_json_atomic(out + '.json', dict(meta=meta, results=results),
                          indent=2)

    shared = {}    # rows the other tables of this column measured
    for other in glob.glob(osp.join(args.work_dir, f'table*_{args.dataset}'
                                    '.json')):
        if other != out + '.json':
            with open(other) as f:
                shared.update({r['config']: r for r in json.load(f)[
                    'results'] if not r.get('shared')})
    generate(mini)
    results = run_table(args.table, args.dataset, args.work_dir, mini,
                        exclude=args.exclude, results=prev['results'],
                        on_row=save, shared=shared)
    save(results)
    md = to_markdown(args.table, args.dataset, results)
    with atomic_write(out + '.md') as tmp, open(tmp, 'w') as f:
        f.write(md)
    print(md)
    print(f'wall time {meta["wall_s"]} s on {meta["cpu"]}')
    return results
