"""Training through mmengine's Runner with the real data pipeline, and the
data pipeline's own throughput.

The Runner is built from a real config (quickstart or a fast-path config)
with only the benchmark's sizes changed: batch ``N`` clips of ``T`` frames,
an iteration-based loop, no validation or checkpoints. A hook records the
wall and CPU time between consecutive ``after_train_iter`` calls (data wait
included) and the data wait alone.
"""
from __future__ import annotations

import os.path as osp
import tempfile
import time
from typing import Callable, Dict, List, Optional

import torch
from mmengine.config import Config
from mmengine.hooks import Hook
from mmengine.runner import Runner

from .timing import Stats, Timing



class IterTimes(Hook):
    """Wall/CPU seconds per training iteration (data wait included), the
    data wait alone, and optional companion steps run in turns.

    ``companions`` (name -> callable, e.g. the plain-PyTorch train step)
    run after every iteration, outside the iteration's timing, so that the
    Runner and its baselines see the same machine load (see
    ``timing.time_interleaved``).
    """

    priority = 'VERY_LOW'

    def __init__(self, companions: Optional[Dict[str, Callable]] = None
                 ) -> None:
        self.timing = Timing()
        self.data_wait: List[float] = []
        self.companions = companions or {}
        self.companion_timing = {k: Timing() for k in self.companions}
        self._end: Optional[tuple] = None

    def before_train_iter(self, runner, batch_idx, data_batch=None) -> None:
        if self._end is not None:
            self.data_wait.append(time.perf_counter() - self._end[0])

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None) -> None:
        now = (time.perf_counter(), time.process_time())
        if self._end is not None:
            self.timing.wall.append(now[0] - self._end[0])
            self.timing.cpu.append(now[1] - self._end[1])
        for name, fn in self.companions.items():
            tic = (time.perf_counter(), time.process_time())
            fn()
            self.companion_timing[name].wall.append(
                time.perf_counter() - tic[0])
            self.companion_timing[name].cpu.append(
                time.process_time() - tic[1])
        self._end = (time.perf_counter(), time.process_time())


# the benchmark keeps its gray frame caches here, not in the data folder
CACHE_DIR = 'work_dirs/benchmark/frame_cache'


def set_clip_len(pipeline: list, t: int) -> list:
    for step in pipeline:
        if step['type'] == 'SampleVASegment':
            step['clip_len'] = t
        if step['type'] == 'GrayCacheInit':
            step['cache_dir'] = CACHE_DIR
    return pipeline


def prebuild_cache(cfg: Config) -> float:
    """Build the gray caches of the training videos; returns seconds."""
    from mmaction.registry import DATASETS
    from mmaction_vaerr.datasets.transforms.frame_cache import GrayCacheInit
    if not any(step['type'] == 'GrayCacheInit'
               for step in cfg.train_dataloader.dataset.pipeline):
        return 0.0
    tic = time.perf_counter()
    ds_cfg = dict(cfg.train_dataloader.dataset, pipeline=[])
    dataset = DATASETS.build(ds_cfg)
    init = GrayCacheInit(CACHE_DIR)
    for i in range(len(dataset)):
        init(dict(filename=dataset.get_data_info(i)['filename']))
    return time.perf_counter() - tic


def bench_cfg(config: str, data_root: str, work_dir: str, n: int, t: int,
              iters: int, workers: int = 2,
              overrides: Optional[dict] = None) -> Config:
    """``config`` resized for benchmarking (training only); ``overrides``
    are merged like ``--cfg-options``."""
    cfg = Config.fromfile(config)
    if overrides:
        cfg.merge_from_dict(overrides)
    cfg.work_dir = work_dir
    dl = cfg.train_dataloader
    dl.batch_size, dl.num_workers = n, workers
    dl.persistent_workers = workers > 0
    dl.dataset.data_root = data_root
    set_clip_len(dl.dataset.pipeline, t)
    cfg.train_cfg = dict(type='IterBasedTrainLoop', max_iters=iters,
                         val_interval=10 ** 9)
    for key in ('val', 'test'):
        cfg[f'{key}_cfg'] = cfg[f'{key}_dataloader'] = None
        cfg[f'{key}_evaluator'] = None
    cfg.param_scheduler = None
    cfg.default_hooks.checkpoint = None
    cfg.default_hooks.logger = dict(type='LoggerHook', interval=10 ** 6)
    cfg.log_processor = dict(type='LogProcessor', by_epoch=False)
    cfg.visualizer = dict(type='ActionVisualizer',
                          vis_backends=[dict(type='LocalVisBackend')])
    cfg.log_level = 'WARNING'
    cfg.randomness = dict(seed=0)
    # the benchmark's thread count wins over a config's TorchThreadsHook
    for hook in cfg.get('custom_hooks', []):
        if hook['type'] == 'TorchThreadsHook':
            hook['num_threads'] = torch.get_num_threads()
    return cfg


def runner_train(config: str, data_root: str, n: int, t: int, repeats: int,
                 warmup: int = 2, workers: int = 2,
                 overrides: Optional[dict] = None,
                 companions: Optional[Dict[str, Callable]] = None) -> dict:
    """Frames/s of ``runner.train()`` per iteration after ``warmup``.

    With ``companions``, each is timed after every iteration too, and
    ``ratio_vs`` holds the median over iterations of (Runner frames/s) /
    (companion frames/s) of the same turn.
    """
    with tempfile.TemporaryDirectory() as tmp:
        cfg = bench_cfg(config, data_root, tmp, n, t, warmup + repeats + 1,
                        workers, overrides)
        runner = Runner.from_cfg(cfg)
        hook = IterTimes(companions)
        runner.register_hook(hook)
        runner.train()
    # iteration i (i >= 1) follows companion turn i - 1
    timing = Timing(hook.timing.wall[warmup:], hook.timing.cpu[warmup:])
    out = timing.summary(n * t)
    out['data_wait_s'] = Stats(hook.data_wait[warmup:]).as_dict()
    out['config'] = osp.basename(config)
    out['overrides'] = overrides or {}
    out['companions'], out['ratio_vs'] = {}, {}
    for name, ct in hook.companion_timing.items():
        ct = Timing(ct.wall[warmup:len(ct.wall) - 1],
                    ct.cpu[warmup:len(ct.cpu) - 1])
        out['companions'][name] = ct.summary(n * t)
        out['ratio_vs'][name] = Stats(
            [c / r for c, r in zip(ct.wall, timing.wall)]).as_dict(3)
    return out


def pipeline_throughput(config: str, data_root: str, n: int, t: int,
                        batches: int, windows: int = 3,
                        workers: int = 2) -> dict:
    """Frames/s of the config's training dataloader alone (no model).

    ``windows`` consecutive groups of ``batches // windows`` batches are
    timed (single batches mostly come from the prefetch queue and say
    nothing); the first batch (worker start-up) is timed separately.
    """
    per_window = max(1, batches // windows)
    with tempfile.TemporaryDirectory() as tmp:
        cfg = bench_cfg(config, data_root, tmp, n, t, 1, workers)
        # the Runner imports the plugin modules the config names
        Runner.from_cfg(cfg)
        cache_s = prebuild_cache(cfg)
        loader = Runner.build_dataloader(cfg.train_dataloader, seed=0)
        start = time.perf_counter()
        it = iter(loader)
        next(it)                      # worker start-up and first batch
        first = time.perf_counter() - start
        times = []
        for _ in range(windows):
            tic = time.perf_counter()
            for _ in range(per_window):
                try:
                    next(it)
                except StopIteration:
                    it = iter(loader)
                    next(it)
            times.append(time.perf_counter() - tic)
        del it
    frames = n * t * per_window
    return dict(per_s=Timing(times, times).rate(frames).as_dict(2),
                overall_per_s=round(frames * windows / sum(times), 2),
                first_batch_s=round(first, 3), workers=workers,
                batch=f'{n}x{t}', cache_build_s=round(cache_s, 2),
                config=osp.basename(config))
