"""CPU time per stage of raw video -> per-frame arousal/valence.

Runs :func:`mmaction_vaerr.apis.inference_va` on a raw video under
``cProfile`` timed by ``time.process_time`` (CPU seconds of the process, so
the figures mean something on a shared machine, unlike wall time) and sorts
every profiled function's own time into the pipeline's stages (shares
of a profiled call, scaled to the CPU time of an unprofiled one). Example::

    python -m mmaction_vaerr.benchmark.e2e_profile \\
        ../shared/data/real_clips/liveportrait_d3.mp4 --max-frames 300 \\
        --out docs/benchmark_results/e2e_profile.json --overwrite

The model has seeded random weights (speed does not depend on them) and runs
in fp32 with one torch thread, and the video is decoded inline (no
decode-ahead thread), so the table is one core's work.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import os.path as osp
import pstats
import time
from typing import Dict, Tuple

from mmaction_vaerr.io import write_json_atomic
from mmaction_vaerr.io.out_args import add_out_args, parse_guarded

TOOL = 'mmaction_vaerr.benchmark.e2e_profile'

# (stage, substring of the file, function name or '*'), first match wins
STAGES: Tuple[Tuple[str, str, str], ...] = (
    ('backend load', '', 'get_frontal_face_detector'),
    ('backend load', 'dlib_backend.py', '__init__'),
    ('detection (HOG)', '', "<built-in method _dlib_pybind11.run>"),
    ('detection (HOG)', '', '<resize>'),
    ('detection (HOG)', '', '<copyMakeBorder>'),
    ('detection (HOG)', 'backends/base.py', '*'),
    ('detection (HOG)', 'dlib_backend.py', '_detect_raw'),
    ('detection (HOG)', 'dlib_backend.py', '<listcomp>:81'),
    ('landmarks (shape predictor)', 'dlib_backend.py', '*'),
    ('landmarks (shape predictor)', '', '_dlib_pybind11'),
    ('gray conversion', '', "to_ndarray"),
    ('orientation', 'orientation.py', '*'),
    ('decode', 'io/video.py', '*'),
    ('decode', '', 'av.container'),
    ('tracking logic + shape check', 'tracking.py', '*'),
    ('similarity fits + warp', 'alignment.py', '*'),
    ('similarity fits + warp', '', 'warpAffine'),
    ('similarity fits + warp', 'numpy/linalg', '*'),
    ('numpy (fits, checks)', 'numpy/', '*'),
    ('smoothing + gap filling', 'smoothing.py', '*'),
    ('crop video write (H.264, audio)', 'io/mp4_writer.py', '*'),
    ('crop video write (H.264, audio)', 'io/audio', '*'),
    ('crop video write (H.264, audio)', '', "'encode'"),
    ('crop video write (H.264, audio)', '', 'from_ndarray'),
    ('model', 'torch', '*'),
    ('model', '', 'torch.'),
    ('model', '', 'torch._C'),
    ('model', 'mmaction', '*'),
    ('model', 'apis/windowing.py', '*'),
)


def stage_of(func: Tuple[str, int, str]) -> str:
    """The stage a ``pstats`` function key belongs to ('other' if none)."""
    path, line, name = func
    label = f'{name}:{line}'
    for stage, file_part, fn in STAGES:
        if file_part and file_part not in path:
            continue
        if fn == '*' or fn == name or fn == label or (
                not file_part and fn in name):
            return stage
    return 'other'


def profile_call(fn, *args, **kwargs) -> Tuple[object, Dict[str, float],
                                                float]:
    """Run ``fn`` under cProfile; returns (result, stage CPU s, total s)."""
    prof = cProfile.Profile(time.process_time)
    start = time.process_time()
    prof.enable()
    try:
        result = fn(*args, **kwargs)
    finally:
        prof.disable()
    total = time.process_time() - start
    stages: Dict[str, float] = {}
    others = []
    for func, (_, _, tottime, _, _) in pstats.Stats(prof).stats.items():
        stage = stage_of(func)
        if stage == 'other':
            others.append((tottime, func))
        stages[stage] = stages.get(stage, 0.0) + tottime
    if os.environ.get('E2E_PROFILE_DEBUG'):
        for t, func in sorted(others, reverse=True)[:15]:
            print(f'other: {1000 * t:.1f} ms {func}')
    return result, stages, total


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('clip')
    p.add_argument('--max-frames', type=int, default=300)
    p.add_argument('--config', default='configs/vaerr/'
                   'vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py')
    p.add_argument('--backend', default='dlib')
    add_out_args(p, 'write JSON here')
    return parse_guarded(p, argv, TOOL)


def main(argv=None) -> dict:
    args = parse_args(argv)
    import torch
    from mmaction.utils import register_all_modules

    import mmaction_vaerr  # noqa: F401  (registration)
    from mmaction_vaerr.apis import inference_va
    from .bench_model import build_project_model
    from mmaction_vaerr.preprocessing import prefetch
    register_all_modules(init_default_scope=True)
    # cProfile sees the main thread only: decode inline, so that every
    # stage's time is in the profile (the decode-ahead thread moves that
    # work to another core, it does not remove it)
    prefetch.usable_cores = lambda: 1
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = build_project_model(args.config).eval()
    kw = dict(face_backend=args.backend, precision='fp32')
    inference_va(model, args.clip, max_frames=8, **kw)  # warm-up
    # unprofiled first (cProfile's per-call overhead inflates the many
    # small numpy calls), then the same call profiled for the shares
    wall, cpu = time.perf_counter(), time.process_time()
    res = inference_va(model, args.clip, max_frames=args.max_frames, **kw)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    res, stages, total = profile_call(inference_va, model, args.clip,
                                      max_frames=args.max_frames, **kw)
    n = len(res)
    rows = sorted(stages.items(), key=lambda kv: -kv[1])
    print(f'{osp.basename(args.clip)}: {n} frames, unprofiled {cpu:.2f} '
          f'CPU s = {n / cpu:.1f} frames per CPU-s (wall {wall:.2f} s, '
          f'load average {os.getloadavg()[0]:.2f}); profiled {total:.2f} '
          f'CPU s; tracker {res.info.get("tracker")}')
    print('Shares of the profiled run, scaled to the unprofiled CPU time:')
    print('| stage | CPU ms/frame | share |\n|---|---|---|')
    for stage, sec in rows:
        ms = 1000 * sec / total * cpu / n
        print(f'| {stage} | {ms:.2f} | {sec / total:.0%} |')
    out = dict(clip=osp.basename(args.clip), frames=n, cpu_s=cpu,
               frames_per_cpu_s=n / cpu, wall_s=wall, profiled_cpu_s=total,
               load_average=os.getloadavg(), torch_threads=1,
               tracker=res.info.get('tracker'),
               stages_cpu_ms_per_frame={
                   k: 1000 * v / total * cpu / n for k, v in rows})
    if args.out:
        write_json_atomic(args.out, out, tool=TOOL)
    return out


if __name__ == '__main__':
    main()
