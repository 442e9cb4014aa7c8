"""Thread settings: fast-path inference and train step per OpenMP setting.

OpenMP reads ``OMP_WAIT_POLICY`` once, when the library loads, so each
setting runs in its own process (this file is that process; the
``threads`` section of ``benchmark.py`` starts it). With the default
(active) policy, waiting threads spin; when other processes compete for the
cores, a spinning thread can hold a core its partner needs and throughput
collapses, which ``PASSIVE`` avoids. Prints one JSON line.
"""
from __future__ import annotations

import argparse
import json
import os
import os.path as osp
import subprocess
import sys

# the folder that holds the mmaction_vaerr package, for the child process
PACKAGE_PARENT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
SETTINGS = {
    '1 thread': dict(threads=1, env={}),
    '2 threads, OMP active (default)': dict(threads=2, env={}),
    '2 threads, OMP_WAIT_POLICY=PASSIVE': dict(
        threads=2, env=dict(OMP_WAIT_POLICY='PASSIVE')),
}


def run_settings(config: str, n: int, t: int, repeats: int,
                 settings: dict = SETTINGS) -> dict:
    """Run this module once per setting; ``{setting: result}``."""
    out = {}
    for name, s in settings.items():
        env = dict(os.environ)
        env.pop('OMP_WAIT_POLICY', None)
        env.update(s['env'])
        env['PYTHONPATH'] = os.pathsep.join(
            p for p in (PACKAGE_PARENT, env.get('PYTHONPATH')) if p)
        cmd = [sys.executable, '-m', __name__, '--config', config,
               '--threads', str(s['threads']), '--n', str(n), '--t', str(t),
               '--repeats', str(repeats)]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        lines = [ln for ln in proc.stdout.splitlines() if ln.startswith('{')]
        if proc.returncode or not lines:
            out[name] = dict(error=proc.stderr[-2000:])
            continue
        out[name] = dict(json.loads(lines[-1]), env=s['env'])
    return out


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--config', required=True)
    p.add_argument('--threads', type=int, required=True)
    p.add_argument('--n', type=int, default=2)
    p.add_argument('--t', type=int, default=100)
    p.add_argument('--repeats', type=int, default=5)
    args = p.parse_args(argv)
    import torch
    import mmaction_vaerr  # noqa: F401
    from mmaction.utils import register_all_modules
    from . import bench_model as bm
    register_all_modules(init_default_scope=True)
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    batch = bm.Batch(args.n, args.t)
    res = dict(threads=torch.get_num_threads(),
               omp_wait_policy=os.environ.get('OMP_WAIT_POLICY', 'default'))
    for kind, make in (('inference', bm.inference_fn), ('train', bm.train_fn)):
        model = bm.build_project_model(args.config, None, channels_last=True,
                                       tap_stem=True)
        res[kind] = bm.measure(make(model, batch, True, False), batch.frames,
                               args.repeats)
    print(json.dumps(res))


if __name__ == '__main__':
    main()
