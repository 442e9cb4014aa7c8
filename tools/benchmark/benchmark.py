"""Speed of SS-VAERR: project vs plain PyTorch vs the machine's limit.

One run measures, on this machine: the matmul peak; FLOPs per frame
(counted); inference and train-step frames/s of the project's model next to
a plain-PyTorch model of the same architecture, in fp32 and on each fast
path; per-stage times; training through mmengine's Runner with the real
data pipeline; the pipeline alone; accuracy of the fast paths against fp32
on the synthetic test set; face preprocessing per backend and video ->
arousal/valence end to end. Every figure is min/median/max over repeats,
per wall second and per CPU second (see ``timing.py``). Examples::

    python tools/benchmark/benchmark.py --quick          # about 2 minutes
    python tools/benchmark/benchmark.py --out work_dirs/benchmark/full.json
    python tools/benchmark/benchmark.py --sections inference train

Results: a table on stdout and JSON (``--out``); docs/benchmark.md.
"""
from __future__ import annotations

import argparse
import json
import os
import os.path as osp
import sys
import time

HERE = osp.dirname(osp.abspath(__file__))
REPO = osp.dirname(osp.dirname(HERE))


def _omp_wait_policy(argv):
    """``--omp-wait-policy`` value (None: not given); it must be in the
    environment before torch (and its OpenMP runtime) is imported."""
    for i, arg in enumerate(argv):
        if arg.startswith('--omp-wait-policy='):
            return arg.split('=', 1)[1]
        if arg == '--omp-wait-policy' and i + 1 < len(argv):
            return argv[i + 1]
    return None


if __name__ == '__main__' and _omp_wait_policy(sys.argv[1:]):
    os.environ['OMP_WAIT_POLICY'] = _omp_wait_policy(sys.argv[1:]).upper()

import mmaction_vaerr  # noqa: E402,F401  (patches + registration)
from mmaction.utils import register_all_modules  # noqa: E402
from mmaction_vaerr.benchmark import sections  # noqa: E402
from mmaction_vaerr.benchmark.machine import (load_average,  # noqa: E402
                                              machine_info)
from mmaction_vaerr.benchmark.report import (print_table,  # noqa: E402
                                             summarise)
from mmaction_vaerr.io import check_replace, write_json_atomic  # noqa: E402

QUICKSTART = 'configs/vaerr/vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py'
FAST = ('configs/vaerr/fast/'
        'vaerr_r18-tapstem-gru_scratch_1xb4-20e-autoprec-cache_synthetic.py')
CACHE = ('configs/vaerr/fast/'
         'vaerr_r18-stem3d-gru_scratch_1xb4-20e-cache_synthetic.py')
ALL_SECTIONS = ('peak', 'flops', 'inference', 'stages', 'train', 'threads',
                'pipeline', 'runner', 'accuracy', 'face', 'e2e')
# sizes per mode: clips x frames, repeats, runner warm-up, ...
MODES = dict(
    full=dict(n=1, t=100, repeats=5, train_repeats=3, warmup=1, gemm=2048,
              runner_warmup=1, runner_repeats=3, thread_frames=50,
              pipeline_batches=24, test_videos=8, face_frames=100,
              e2e_frames=100, compile=True),
    quick=dict(n=1, t=50, repeats=3, train_repeats=3, warmup=1, gemm=1024,
               runner_warmup=1, runner_repeats=3, thread_frames=50,
               pipeline_batches=8, test_videos=2, face_frames=30,
               e2e_frames=30, compile=False))


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--quick', action='store_true',
                   help='small sizes and fewer repeats (about 2 minutes)')
    p.add_argument('--out', default='work_dirs/benchmark/results.json',
                   help='results JSON; an existing file is replaced only '
                   'when an earlier benchmark run wrote it, or with '
                   '--overwrite')
    p.add_argument('--overwrite', action='store_true',
                   help='replace an existing --out file whatever wrote it')
    p.add_argument('--sections', nargs='+', default=list(ALL_SECTIONS),
                   choices=ALL_SECTIONS)
    p.add_argument('--config', default=QUICKSTART)
    p.add_argument('--fast-config', default=FAST)
    p.add_argument('--cache-config', default=CACHE)
    p.add_argument('--data-root', default='data/synthetic',
                   help='synthetic dataset (a small one is generated under '
                   'work_dirs/benchmark/synthetic when this is missing)')
    p.add_argument('--checkpoint', default=None,
                   help='trained weights for the accuracy section '
                   '(default: seeded random weights)')
    p.add_argument('--raw-clip', default=osp.join(
        REPO, '..', 'shared', 'data', 'real_clips', 'pyfeat_single_face.mp4'))
    p.add_argument('--threads', type=int, default=None,
                   help='torch threads (default: usable cores)')
    p.add_argument('--device', default='cpu')
    p.add_argument('--omp-wait-policy', default=None,
                   choices=['PASSIVE', 'ACTIVE', 'passive', 'active'],
                   help='OpenMP idle threads sleep (PASSIVE) or spin '
                   '(ACTIVE); default: the environment (OpenMP default). '
                   'The threads section compares the settings')
    p.add_argument('--repeats', type=int, default=None)
    p.add_argument('--compile', dest='compile', action='store_true',
                   default=None, help='add torch.compile variants')
    p.add_argument('--no-compile', dest='compile', action='store_false')
    p.add_argument('--report', metavar='JSON', default=None,
                   help='only print the tables of an earlier run')
    return p.parse_args(argv)


TOOL = 'tools/benchmark/benchmark.py'


def write(results: dict, path: str) -> None:
    write_json_atomic(path, results, tool=TOOL)


def main(argv=None) -> int:
    args = parse_args(argv)
    os.chdir(REPO)
    if args.report:
        with open(args.report) as f:
            results = json.load(f)
        results['summary'] = summarise(results)
        print_table(results)
        return 0
    try:
        check_replace(args.out, args.overwrite, TOOL)
    except FileExistsError as e:
        print(f'error: {e}', file=sys.stderr)
        return 2
    register_all_modules(init_default_scope=True)
    mode = dict(MODES['quick' if args.quick else 'full'])
    if args.repeats:
        mode.update(repeats=args.repeats, train_repeats=args.repeats,
                    runner_repeats=args.repeats)
    if args.compile is not None:
        mode['compile'] = args.compile
    ctx = sections.Context(args, mode)
    results = dict(machine=machine_info(), mode=mode, threads=ctx.threads,
                   args={k: v for k, v in vars(args).items()},
                   load_average_start=load_average(), sections={})
    start = time.perf_counter()
    for name in ALL_SECTIONS:
        if name not in args.sections:
            continue
        tic = time.perf_counter()
        print(f'[benchmark] {name} ...', flush=True)
        res = getattr(sections, name)(ctx)
        results['sections'][name] = dict(
            res, seconds=round(time.perf_counter() - tic, 1),
            load_average=load_average())
        if args.out:            # partial results survive an interruption
            write(results, args.out)
    results['total_seconds'] = round(time.perf_counter() - start, 1)
    results['load_average_end'] = load_average()
    results['summary'] = summarise(results)
    if args.out:
        write(results, args.out)
    print_table(results)
    if args.out:
        print(f'[benchmark] wrote {args.out}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
