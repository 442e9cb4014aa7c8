"""Pretrained vs from scratch (the paper's Tables I-II in miniature), from
committed configs with their real schedules, over one or more seeds.

``--dataset realface`` (default): real photographed faces animated by known
labels (docs/realface.md); ``--dataset synthetic``: the cartoon faces.

1. generates the set (``data/realface_ssl`` / ``data/synthetic_ssl``) with
   an *unlabelled* pretext pool of subjects (split ``pretrain``; on real
   faces: more people than the labelled budget, never the same ones) and a
   small labelled budget (``train``), plus held-out val/test subjects;
2. pretrains each method with its committed config
   ``configs/selfsup/<method>_..._<dataset>-ssl.py`` through mmaction2's
   training entry point, into mmengine's default work dir
   ``work_dirs/<config name>/``;
3. fine-tunes the downstream model from scratch and from each pretext
   backbone (fine-tuned; on the cartoon set also "frozen" = first 3D conv
   fixed) with the committed configs
   ``configs/vaerr/pretrained/*_<dataset>-ssl.py`` (200 steps; the
   pretrained ones read the pretext run's last checkpoint);
4. tests each best checkpoint on the held-out subjects and prints the
   comparison table, mean +- standard deviation over the seeds (also
   ``work_dirs/ssl_experiment/<dataset>.json`` with every run's metrics).

Nothing is overridden on the command line, so each seed-0 row is reproduced
by ``python tools/train.py CONFIG`` alone. Another seed N sets
``randomness.seed`` of the pretext and downstream runs, puts every run in a
``_seedN`` work dir and points the pretrained rows at the ``_seedN`` pretext
checkpoints. Runs are resumable: a finished step (its checkpoint / dump) is
skipped.

Usage: python tools/ssl_experiment.py [--dataset realface|synthetic]
       [--methods byol dino lira byol-faceviews]
       [--modes finetuned frozen] [--seeds 0 1 2] [--no-scratch]
"""
from __future__ import annotations

import argparse
import json
import os
import os.path as osp
import sys
import time
from dataclasses import dataclass
from typing import Dict, List, Tuple

from mmaction_vaerr.apis.experiment import best_checkpoint, data_opts, run
from mmaction_vaerr.io import write_json_atomic
from mmaction_vaerr.tools import REPO, provenance
from mmaction_vaerr.utils import isa_summary

MODE_SUFFIX = dict(finetuned='', frozen='-frozen')


@dataclass(frozen=True)
class Setting:
    """One data set of the experiment and the committed configs it runs.

    ``downstream`` names one config per row (``{init}`` = ``scratch`` or
    ``<method>-pre-<tag>[-frozen]``), or, without ``{init}``, one config for
    every row: then the data root and the pretrained backbone are given as
    ``--cfg-options`` (printed with each command and kept in the JSON).
    ``retarget``: the pretext configs are pointed at ``data_root`` the same
    way."""

    data_root: str
    pretext: Dict[str, str]          # method -> configs/selfsup/<name>.py
    epochs: int                      # pretext epochs (its last checkpoint)
    downstream: str                  # configs/vaerr/...
    tag: str                         # '{method}-pre-<tag>' in the init
    modes: Tuple[str, ...]           # downstream modes with configs
    methods: Tuple[str, ...]         # default --methods
    seeds: Tuple[int, ...]           # default --seeds
    splits: Dict[str, int]           # subjects per split
    retarget: bool = False


SSL_PRETEXT = dict(lira='lira_r18-stem3d-conformer_1xb8-20e_synthetic-ssl',
                   byol='byol_r18-stem3d_1xb8-20e_synthetic-ssl',
                   dino='dino_r18-stem3d_1xb8-20e_synthetic-ssl')
# real faces only (its downstream rows need no per-init config): BYOL whose
# two views both keep the whole face (the config says why)
REALFACE_PRETEXT = dict(
    SSL_PRETEXT,
    **{'byol-faceviews': 'byol-faceviews_r18-stem3d_1xb8-20e_synthetic-ssl'})
SETTINGS = dict(
    synthetic=Setting(
        data_root='data/synthetic_ssl', pretext=SSL_PRETEXT, epochs=20,
        downstream='pretrained/vaerr_r18-tapstem-gru_{init}_1xb32-autoprec-'
        '200it_synthetic-ssl',
        tag='20e-synthetic-ssl', modes=('finetuned', 'frozen'),
        methods=('byol', 'dino', 'lira'), seeds=(0, ),
        splits=dict(pretrain=16, train=4, val=4, test=4)),
    # the paper-width real-face config (the pretexts train a 64-wide
    # trunk; the main job is its half-width twin) on a smaller label
    # budget; the pretext pool holds about twice the labelled people
    realface=Setting(
        data_root='data/realface_ssl', pretext=REALFACE_PRETEXT, epochs=20,
        downstream='vaerr_r18-tapstem-gru_scratch_1xb32-autoprec-200it_'
        'realface',
        tag='20e-realface-ssl', modes=('finetuned', ),
        methods=('byol', ), seeds=(0, 1, 2),
        splits=dict(pretrain=36, train=12, val=8, test=18), retarget=True))


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument('--dataset', choices=sorted(SETTINGS), default='realface')
    p.add_argument('--methods', nargs='+', default=None,
                   choices=sorted({m for s in SETTINGS.values()
                                   for m in s.pretext}),
                   help='default: byol on realface, byol dino lira on '
                   'synthetic; byol-faceviews: real faces only')
    p.add_argument('--modes', nargs='+', default=None,
                   choices=sorted(MODE_SUFFIX),
                   help='default: every mode the dataset has')
    p.add_argument('--seeds', nargs='+', type=int, default=None,
                   help='seeds of the pretext and fine-tuning runs (the data '
                   'set itself is fixed); 0 = the configs as committed. '
                   'Default 0 1 2 on realface, 0 on synthetic')
    p.add_argument('--no-scratch', action='store_true',
                   help='train only the pretrained rows; the table takes '
                   'the scratch rows an earlier call left in the JSON '
                   '(their runs are deterministic on one CPU kind)')
    args = p.parse_args()
    s = SETTINGS[args.dataset]
    args.methods = args.methods or list(s.methods)
    args.modes = args.modes or list(s.modes)
    args.seeds = args.seeds or list(s.seeds)
    bad = set(args.methods) - set(s.pretext)
    if bad:
        p.error(f'--dataset {args.dataset} has no methods {sorted(bad)} '
                f'(it has {sorted(s.pretext)})')
    bad = set(args.modes) - set(s.modes)
    if bad:
        p.error(f'--dataset {args.dataset} has no modes {sorted(bad)} '
                f'(it has {list(s.modes)})')
    return args


def downstream_config(setting: Setting, init: str) -> str:
    """Committed downstream config of a row (``scratch`` or
    ``<method>-pre-<tag>[-frozen]``)."""
    return osp.join('configs', 'vaerr',
                    setting.downstream.format(init=init) + '.py')


def work_dir(name: str, seed: int) -> str:
    return osp.join('work_dirs', name + (f'_seed{seed}' if seed else ''))


def pretext_work_dir(setting: Setting, method: str, seed: int) -> str:
    name = setting.pretext[method]
    if setting.retarget:
        name = name.replace('synthetic-ssl', osp.basename(setting.data_root))
    return work_dir(name, seed)


def pixel_norm_opts(setting: Setting) -> List[str]:
    """The downstream config's pixel mean/std for the pretext model, so
    pretext and fine-tuning see the same input scale."""
    from mmengine.config import Config
    pre = Config.fromfile(osp.join(REPO, downstream_config(
        setting, 'scratch'))).model.data_preprocessor
    fmt = ','.join
    return ['model.data_preprocessor.type=VideoSelfSupDataPreprocessor',
            f'model.data_preprocessor.mean=[{fmt(map(str, pre.mean))}]',
            f'model.data_preprocessor.std=[{fmt(map(str, pre.std))}]']


def pretrain(setting: Setting, method: str, seed: int) -> str:
    name = setting.pretext[method]
    work = pretext_work_dir(setting, method, seed)
    ckpt = osp.join(work, f'epoch_{setting.epochs}.pth')
    opts = [f'randomness.seed={seed}'] if seed else []
    if setting.retarget:
        opts += [f'train_dataloader.dataset.data_root={setting.data_root}',
                 *pixel_norm_opts(setting)]
    if not osp.isfile(ckpt):
        cmd = [sys.executable, 'tools/train.py',
               osp.join('configs', 'selfsup', name + '.py')]
        if opts:
            cmd += ['--work-dir', work, '--cfg-options', *opts]
        run(cmd)
    return ckpt


def finetune(setting: Setting, row: str, init: str, seed: int,
             pretext_ckpt: str = None) -> dict:
    cfg = downstream_config(setting, init)
    name = osp.splitext(osp.basename(cfg))[0]
    opts = [f'randomness.seed={seed}'] if seed else []
    if setting.retarget:
        name = f'{init}_{osp.basename(setting.data_root)}'
        opts += data_opts(setting.data_root)
        if pretext_ckpt:
            opts += ['model.backbone.init_cfg.type=Pretrained',
                     'model.backbone.init_cfg.prefix=backbone.']
    if pretext_ckpt and (seed or setting.retarget):
        opts.append(f'model.backbone.init_cfg.checkpoint={pretext_ckpt}')
    work = work_dir(osp.join('ssl_experiment', name)
                    if setting.retarget else name, seed)
    dump = osp.join(work, 'test_predictions.pkl')
    extra = ['--cfg-options', *opts] if opts else []
    made = {}
    if not osp.isfile(dump):
        start = time.time()
        run([sys.executable, 'tools/train.py', cfg, '--work-dir', work,
             *extra])
        run([sys.executable, 'tools/test.py', cfg, best_checkpoint(work),
             '--work-dir', work, '--dump', dump, *extra])
        made = dict(wall_s=round(time.time() - start, 1),
                    machine=isa_summary())
    from mmaction_vaerr.evaluation import score_dump
    return dict(name=row, seed=seed, config=cfg, cfg_options=opts,
                **score_dump(dump), **made)


def generate(dataset: str, setting: Setting) -> None:
    if dataset == 'realface':
        from mmaction_vaerr.dataprep.realface import realface_for_tools
        try:
            print(realface_for_tools(setting.data_root,
                                     sum(setting.splits.values()), 2,
                                     splits=dict(setting.splits)))
        except FileExistsError as e:
            raise SystemExit(str(e)) from None
        return
    from mmaction_vaerr.dataprep.synthetic import generate_synthetic_dataset
    generate_synthetic_dataset(
        setting.data_root, num_subjects=sum(setting.splits.values()),
        videos_per_subject=4, num_frames=(200, 300), seed=1, num_workers=2,
        splits=dict(setting.splits))


def main() -> None:
    args = parse_args()
    os.chdir(REPO)
    setting = SETTINGS[args.dataset]
    generate(args.dataset, setting)
    runs = []
    for seed in args.seeds:
        if not args.no_scratch:
            runs.append(finetune(setting, 'scratch', 'scratch', seed))
        for m in args.methods:
            ckpt = pretrain(setting, m, seed)
            for mode in args.modes:
                init = f'{m}-pre-{setting.tag}{MODE_SUFFIX[mode]}'
                runs.append(finetune(setting, f'{m}-{setting.epochs}e-{mode}',
                                     init, seed, ckpt))
    out_dir = osp.join('work_dirs', 'ssl_experiment')
    out = osp.join(out_dir, args.dataset + '.json')
    runs = merge_runs(out, runs)
    from mmaction_vaerr.evaluation import format_comparison, summarise_seeds
    rows = summarise_seeds(runs)
    sp = setting.splits
    print(f"\nHeld-out test subjects of {setting.data_root}: {sp['train']} "
          f"labelled subjects, pretext on {sp['pretrain']} unlabelled ones; "
          f'every run so far ({out})')
    print(format_comparison(rows))
    write_json_atomic(out, dict(provenance(), args=vars(args), rows=rows,
                                runs=runs), indent=2)


def merge_runs(path: str, runs: List[dict]) -> List[dict]:
    """The runs already in ``path`` (an earlier call's JSON) with this
    call's runs added; a run of the same row and seed replaces its old
    entry, so calls with other methods or seeds add up to one table."""
    old = []
    if osp.isfile(path):
        with open(path) as f:
            old = json.load(f).get('runs', [])
    new = {(r['name'], r['seed']) for r in runs}
    made = {(r['name'], r['seed']): {k: r[k] for k in ('wall_s', 'machine')
                                     if k in r} for r in old}
    # a run skipped this time (its dump existed) keeps where and how long
    # it was trained, as the earlier call recorded it
    runs = [dict(made.get((r['name'], r['seed']), {}), **r) for r in runs]
    return [r for r in old if (r['name'], r['seed']) not in new] + runs


if __name__ == '__main__':
    main()
