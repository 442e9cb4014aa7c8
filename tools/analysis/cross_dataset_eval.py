"""Cross-dataset evaluation: models trained on A, tested on B, as a table.

The protocol of "Video Joint-Embedding Predictive Architectures for Facial
Expression Recognition" (lennarteingunia/vjepa-for-fer): train on RAVDESS,
test on CREMA-D and the other way round, on the classes both share
(``label_set='common6'``). Each ``--model`` is ``NAME=CONFIG[:CHECKPOINT]``;
each ``--test`` is ``NAME=CONFIG`` whose test split and evaluator are used.
Without a checkpoint, ``--train`` first trains the model with its config
(the mmengine Runner, into ``<work-dir>/<NAME>``).

Every (model, test set) pair runs the model's own config with the test
config's ``test_dataloader`` and ``test_evaluator``; a pair that fails is
reported and the others still run. Class names must agree (the evaluators'
``class_names``), or the pair is refused: mapping labels silently would
score the wrong classes.

Usage (R and C: the ``clsemo_*_ravdess-common6.py`` and
``clsemo_*_crema-d.py`` configs of ``configs/tasks/``):
    python tools/analysis/cross_dataset_eval.py \\
        --model ravdess=R:work_dirs/r/best.pth --model crema-d=C \\
        --test ravdess=R --test crema-d=C --train \\
        --out work_dirs/cross_dataset.json
"""
from __future__ import annotations

import argparse
import os.path as osp
import sys
import time
from typing import Dict, List, Optional, Tuple

from mmaction_vaerr.io import check_replace, write_json_atomic

TOOL = 'tools/analysis/cross_dataset_eval.py'


def parse_spec(text: str, with_ckpt: bool) -> Tuple[str, str, Optional[str]]:
    """``NAME=CONFIG[:CHECKPOINT]`` -> (name, config, checkpoint)."""
    if '=' not in text:
        raise argparse.ArgumentTypeError(f'{text!r}: expected NAME=CONFIG')
    name, rest = text.split('=', 1)
    ckpt = None
    if with_ckpt and ':' in rest:
        rest, ckpt = rest.split(':', 1)
    if not osp.isfile(rest):
        raise argparse.ArgumentTypeError(f'{text!r}: config {rest} not found')
    return name, rest, ckpt


def class_names(cfg) -> Optional[tuple]:
    ev = cfg.get('test_evaluator')
    evs = ev if isinstance(ev, (list, tuple)) else [ev]
    for e in evs:
        if e and e.get('class_names') is not None:
            return tuple(e['class_names'])
    return None


def _runner(cfg, work_dir: str, tag: str):
    from mmengine.runner import Runner
    cfg.work_dir = work_dir
    cfg.experiment_name = f'{tag}_{time.time_ns()}'
    return Runner.from_cfg(cfg)


def train(name: str, config: str, work_dir: str) -> str:
    """Train one model with its config; return its last checkpoint."""
    from mmengine.config import Config
    runner = _runner(Config.fromfile(config), osp.join(work_dir, name),
                     f'train_{name}')
    runner.train()
    with open(osp.join(runner.work_dir, 'last_checkpoint')) as f:
        return f.read().strip()


def evaluate(config: str, ckpt: str, test_config: str, work_dir: str,
             tag: str) -> Dict[str, float]:
    """Test a checkpoint of ``config`` on ``test_config``'s test split."""
    from mmengine.config import Config
    cfg = Config.fromfile(config)
    test = Config.fromfile(test_config)
    a, b = class_names(cfg), class_names(test)
    if a is None or b is None or a != b:
        raise ValueError(f'class names differ: {config} has {a}, '
                         f'{test_config} has {b}; train both on one label '
                         "set (e.g. label_set='common6')")
    cfg.test_dataloader = test.test_dataloader
    cfg.test_evaluator = test.test_evaluator
    cfg.load_from = ckpt
    return dict(_runner(cfg, osp.join(work_dir, tag), tag).test())


def format_table(results: Dict[str, Dict[str, dict]], keys: List[str]
                 ) -> str:
    """Markdown table: rows = training set, columns = test set."""
    tests = sorted({t for row in results.values() for t in row})
    lines = [f'| train \\ test ({" / ".join(keys)}) | ' + ' | '.join(tests)
             + ' |', '| --- |' + ' --- |' * len(tests)]
    for name, row in results.items():
        cells = []
        for t in tests:
            r = row.get(t, {})
            if 'error' in r:
                cells.append('failed')
            else:
                cells.append(' / '.join(
                    f'{r[k]:.3f}' if k in r else '-' for k in keys))
        lines.append(f'| {name} | ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--model', action='append', required=True,
                        type=lambda s: parse_spec(s, True),
                        help='NAME=CONFIG[:CHECKPOINT]')
    parser.add_argument('--test', action='append', required=True,
                        type=lambda s: parse_spec(s, False),
                        help='NAME=CONFIG (its test split and evaluator)')
    parser.add_argument('--train', action='store_true',
                        help='train models given without a checkpoint')
    parser.add_argument('--work-dir', default='work_dirs/cross_dataset')
    parser.add_argument('--out', required=True, help='results JSON')
    parser.add_argument('--overwrite', action='store_true')
    parser.add_argument('--keys', default='emotion/uar,emotion/war',
                        help='metrics shown in the table')
    args = parser.parse_args(argv)
    try:
        check_replace(args.out, args.overwrite, TOOL)
    except FileExistsError as e:
        parser.error(str(e))
    import mmaction_vaerr  # noqa: F401  (registers the components)
    results: Dict[str, Dict[str, dict]] = {}
    for name, config, ckpt in args.model:
        row = results.setdefault(name, {})
        if ckpt is None:
            if not args.train:
                parser.error(f'--model {name} has no checkpoint; add '
                             ':CHECKPOINT or pass --train')
            ckpt = train(name, config, args.work_dir)
        for test_name, test_config, _ in args.test:
            try:
                row[test_name] = evaluate(config, ckpt, test_config,
                                          args.work_dir,
                                          f'{name}_on_{test_name}')
            except Exception as e:  # noqa: BLE001 - report, go on
                print(f'{name} on {test_name}: {type(e).__name__}: {e}',
                      file=sys.stderr)
                row[test_name] = dict(error=f'{type(e).__name__}: {e}')
            row[test_name]['checkpoint'] = ckpt
    table = format_table(results, args.keys.split(','))
    print(table)
    write_json_atomic(args.out, dict(results=results, table=table),
                      tool=TOOL)
    failed = sum('error' in r for row in results.values()
                 for r in row.values())
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
