"""The benchmark's sections; each takes the run's :class:`Context`."""
from __future__ import annotations

import glob
import os
import os.path as osp

import torch

from ..io import DatasetLayout
from ..utils import native_bf16_claimed, set_num_threads
from . import bench_model as bm
from .bench_accuracy import accuracy_section, load_test_set
from .bench_e2e import e2e_section, face_section, first_available_backend
from .bench_runner import pipeline_throughput, runner_train
from .bench_threads import run_settings
from .matmul_peak import matmul_peak
from .timing import time_interleaved

SMALL_DATA = 'work_dirs/benchmark/synthetic'
FAST = dict(bf16=True, channels_last=True, tap_stem=True)
# model-only variants: plain = the benchmark's own PyTorch model
INFERENCE = {
    'plain fp32': dict(plain=True),
    'plain bf16+cl': dict(plain=True, bf16=True, channels_last=True),
    'fp32': {},
    'cl': dict(channels_last=True),
    'tapstem+cl': dict(channels_last=True, tap_stem=True),
    'bf16': dict(bf16=True),
    'bf16+cl': dict(bf16=True, channels_last=True),
    'fast': FAST,
    'int8': dict(int8=True),
    # ONNX Runtime's default: its workers spin between calls and take the
    # cores from the PyTorch GRU that runs next (Int8Trunk's ``spin``)
    'int8 spinning': dict(int8=True, spin=True),
    # every convolution in int8: faster, further from fp32 (the default
    # keeps the stem and layer1 in fp32; export.int8.KEEP_FP32)
    'int8 all convs': dict(int8=True, keep_fp32=()),
}
TRAIN = {
    'plain fp32': dict(plain=True),
    'fp32': {},
    'plain bf16+cl': dict(plain=True, bf16=True, channels_last=True),
    'bf16+cl': dict(bf16=True, channels_last=True),
    'fast': FAST,
}
# channels-last and the tap stem alone are exact (tests/utils); the
# accuracy section checks the bf16 paths on the whole test set
ACCURACY = {'bf16': dict(bf16=True), 'fast': FAST}
FPS_VIDEO = 25.0


class Context:
    """Arguments, sizes, shared weights and data of one benchmark run."""

    def __init__(self, args, mode: dict) -> None:
        self.args, self.mode = args, mode
        self.device = args.device
        self.threads = args.threads or len(os.sched_getaffinity(0))
        set_num_threads(self.threads)
        torch.manual_seed(0)
        model = bm.build_project_model(args.config, device=self.device)
        if args.checkpoint:
            from mmengine.runner import load_checkpoint
            load_checkpoint(model, args.checkpoint, map_location='cpu',
                            strict=True)
        self.state = bm.clone_state(model)
        self.batch = bm.Batch(mode['n'], mode['t'], device=self.device)
        self._data_root = None
        self._int8 = {}

    def int8_trunk(self, spin: bool = False, keep_fp32=None):
        """The int8 trunk of the benchmark's weights, calibrated on 4
        training videos of the data set (in a temporary folder); ``spin``:
        ONNX Runtime's workers spin between calls; ``keep_fp32``: as
        ``quantize_int8``'s (None: its default)."""
        from mmaction_vaerr.export.int8 import (KEEP_FP32, Int8Trunk,
                                                quantize_int8)
        keep = KEEP_FP32 if keep_fp32 is None else tuple(keep_fp32)
        if keep not in self._int8:
            import tempfile
            from mmaction_vaerr.export.calibration import \
                calibration_clips
            model = self.model()
            clips = calibration_clips(self.args.config, self.data_root,
                                      max_videos=4, frames_per_video=32)
            with tempfile.TemporaryDirectory() as tmp:
                quantize_int8(model, clips, tmp, source=self.data_root,
                              keep_fp32=keep)
                self._int8[keep] = {
                    s: Int8Trunk(tmp, model, self.threads, spin=s)
                    for s in (False, True)}
        return self._int8[keep][spin]

    @property
    def data_root(self) -> str:
        """The synthetic dataset (generated small when missing)."""
        if self._data_root is None:
            root = self.args.data_root
            if not DatasetLayout(root).has_split('test'):
                from mmaction_vaerr.dataprep.synthetic import \
                    generate_synthetic_dataset
                root = SMALL_DATA
                generate_synthetic_dataset(
                    root, num_subjects=6, videos_per_subject=2,
                    num_frames=(200, 250), seed=0,
                    splits=dict(train=3, val=1, test=2))
            self._data_root = root
        return self._data_root

    def model(self, plain=False, channels_last=False, tap_stem=False,
              compile=False, **_):
        if plain:
            return bm.build_plain_model(self.state, channels_last,
                                        self.device)
        return bm.build_project_model(self.args.config, self.state,
                                      channels_last, tap_stem, compile,
                                      self.device)


def _variants(ctx: Context, table: dict) -> dict:
    # bf16 runs only where it is native: emulated (AVX2-only) it is ~20x
    # slower than fp32 and would take the whole benchmark's time
    native = native_bf16_claimed(torch.device(ctx.device).type)
    out = {k: v for k, v in table.items() if native or not v.get('bf16')}
    # torch.compile pays for inference only: compiling the train step
    # (mmengine Runner ``compile=True``) measured slower, see the docs
    if ctx.mode['compile'] and table is INFERENCE:
        out['fast+compile'] = dict(FAST, compile=True)
    return out


def _run_variants(ctx: Context, table: dict, make_fn, repeats: int,
                  check: bool = False) -> dict:
    """Time the variants in turns (see ``time_interleaved``); with
    ``check``, also compare their predictions on the benchmark batch with
    the project's fp32 ones."""
    fns, opts = {}, _variants(ctx, table)
    for name, opt in opts.items():
        if opt.get('int8'):
            fns[name] = bm.int8_inference_fn(
                ctx.model(), ctx.int8_trunk(opt.get('spin', False),
                                            opt.get('keep_fp32')),
                ctx.batch)
            continue
        fns[name] = make_fn(ctx.model(**opt), ctx.batch,
                            opt.get('bf16', False), opt.get('plain', False))
        if opt.get('compile'):      # compiles on the first calls
            for _ in range(2):
                fns[name]()
    sync = torch.cuda.synchronize if ctx.device.startswith('cuda') else None
    timings = time_interleaved(fns, repeats, ctx.mode['warmup'], sync)
    out = {name: dict(timings[name].summary(ctx.batch.frames),
                      options=opts[name]) for name in fns}
    if check:
        preds = {name: bm.predictions(fn(), opts[name].get('plain', False)
                                      or opts[name].get('int8', False))
                 for name, fn in fns.items()}
        for name, res in out.items():
            res.update(bm.agreement(preds[name], preds['fp32']))
    return out


def peak(ctx: Context) -> dict:
    return matmul_peak(ctx.mode['gemm'], ctx.mode['repeats'], ctx.device)


def flops(ctx: Context) -> dict:
    return bm.flops_section(ctx.args.config, ctx.state)


def inference(ctx: Context) -> dict:
    out = _run_variants(ctx, INFERENCE, bm.inference_fn,
                        ctx.mode['repeats'], check=True)
    skipped = sorted(set(INFERENCE) - set(out))
    for res in out.values():
        res['real_time_factor'] = round(res['per_s']['median'] / FPS_VIDEO,
                                        2)
    return dict(variants=out, clips=ctx.batch.n, frames=ctx.batch.t,
                skipped={k: 'no native bf16 on this CPU' for k in skipped})


def stages(ctx: Context) -> dict:
    out = {}
    for name, opt in (('fp32', {}), ('fast', FAST)):
        out[name] = bm.stage_times(ctx.model(**opt), ctx.batch,
                                   opt.get('bf16', False),
                                   ctx.mode['repeats'])
    return out


def train(ctx: Context) -> dict:
    return dict(variants=_run_variants(ctx, TRAIN, bm.train_fn,
                                       ctx.mode['train_repeats']),
                clips=ctx.batch.n, frames=ctx.batch.t)


def threads(ctx: Context) -> dict:
    return run_settings(ctx.args.config, 1, ctx.mode['thread_frames'],
                        ctx.mode['train_repeats'])


def pipeline(ctx: Context) -> dict:
    n, t, k = ctx.batch.n, ctx.batch.t, ctx.mode['pipeline_batches']
    return {'decord': pipeline_throughput(ctx.args.config, ctx.data_root,
                                          n, t, k),
            'frame cache': pipeline_throughput(ctx.args.cache_config,
                                               ctx.data_root, n, t, k)}


def runner(ctx: Context) -> dict:
    """runner.train() per config; the plain loop (and the project's model
    alone) of the same model and precision run in turns with it."""
    n, t = ctx.batch.n, ctx.batch.t
    reps, warm = ctx.mode['runner_repeats'], ctx.mode['runner_warmup']
    plain_fp32 = dict(plain=True)
    plain_bf16 = dict(plain=True, bf16=True, channels_last=True)
    # the project's model alone vs the plain loop is the train section
    runs = {  # name: (config, overrides, companions)
        'fp32 decord': (ctx.args.config, {}, {}),
        'fp32 cache': (ctx.args.cache_config, {},
                       {'plain fp32': plain_fp32}),
        'bf16+cl cache': (ctx.args.fast_config,
                          {'model.backbone.type': 'ResNet18Stem3D'},
                          {'plain bf16+cl': plain_bf16}),
        'fast': (ctx.args.fast_config, {}, {'model-only fast': FAST})}
    if ctx.args.quick:
        runs.pop('fp32 decord')
        runs.pop('bf16+cl cache')
    out = {}
    for name, (cfg, over, comp) in runs.items():
        fns = {k: bm.train_fn(ctx.model(**o), ctx.batch, o.get('bf16', False),
                              o.get('plain', False)) for k, o in comp.items()}
        out[name] = runner_train(cfg, ctx.data_root, n, t, reps, warm,
                                 overrides=over, companions=fns)
    return out


def accuracy(ctx: Context) -> dict:
    items = load_test_set(ctx.args.config, ctx.data_root,
                          ctx.mode['test_videos'])
    # torch.compile would recompile for every video length: its accuracy is
    # checked on the inference section's batch instead
    out = accuracy_section(ctx.args.config, ctx.state, items, ACCURACY,
                           ctx.device)
    out['weights'] = ctx.args.checkpoint or 'seeded random initialisation'
    return out


def face(ctx: Context) -> dict:
    return face_section(ctx.args.raw_clip, ctx.mode['face_frames'],
                        max(2, ctx.mode['repeats'] // 2))


def e2e(ctx: Context) -> dict:
    backends = first_available_backend()
    videos = DatasetLayout(ctx.data_root).dir(DatasetLayout.VIDEOS)
    aligned = sorted(glob.glob(osp.join(videos, '*', '*.mp4')))[0]
    models = {'fp32': (ctx.model(), False, False),
              'fast': (ctx.model(tap_stem=True, channels_last=True), True,
                       True)}
    out = e2e_section(models, ctx.args.raw_clip, aligned,
                      backends[0] if backends else 'auto',
                      ctx.mode['e2e_frames'], max(1, ctx.mode['repeats'] // 2))
    out['face_backend'] = backends[0] if backends else None
    return out
