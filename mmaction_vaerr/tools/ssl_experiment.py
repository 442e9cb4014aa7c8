"""Pretrained vs from scratch on the synthetic set (the paper's Tables I-II
in miniature), from committed configs with their real schedules.

1. generates a synthetic set (``data/synthetic_ssl``) with an *unlabelled*
   pretext pool of subjects (split ``pretrain``) and a small labelled budget
   (``train``), plus held-out val/test subjects;
2. pretrains each method with its committed config
   ``configs/selfsup/<method>_..._1xb8-20e_synthetic-ssl.py`` (20 epochs),
   through mmaction2's training entry point, into mmengine's default work
   dir ``work_dirs/<config name>/``;
3. fine-tunes the downstream model from scratch and from each pretext
   backbone (fine-tuned, and "frozen" = first 3D conv fixed) with the
   committed configs ``configs/vaerr/pretrained/*_synthetic-ssl.py`` (200
   steps; the pretrained ones read ``work_dirs/<pretext config>/epoch_20.pth``);
4. tests each best checkpoint on the held-out subjects and prints the
   comparison table (also ``work_dirs/ssl_experiment/comparison.json``).

Nothing is overridden on the command line, so each row is reproduced by
``python tools/train.py CONFIG`` alone. The one exception is ``--seed N``
(N != 0): it sets ``randomness.seed``, puts every run in a ``_seedN`` work
dir and points the pretrained rows at the ``_seedN`` pretext checkpoints.
Runs are resumable: a finished step (its checkpoint / dump) is skipped.

Usage: python tools/ssl_experiment.py [--methods byol dino lira]
       [--modes finetuned frozen] [--seed 0]
"""
from __future__ import annotations

import argparse
import json
import os
import os.path as osp
import sys

from mmaction_vaerr.apis.experiment import best_checkpoint, run
from mmaction_vaerr.tools import REPO

DATA_ROOT = 'data/synthetic_ssl'   # the root the configs below read
PRETEXT = {
    'lira': 'lira_r18-stem3d-conformer_1xb8-20e_synthetic-ssl',
    'byol': 'byol_r18-stem3d_1xb8-20e_synthetic-ssl',
    'dino': 'dino_r18-stem3d_1xb8-20e_synthetic-ssl',
}
PRETEXT_EPOCHS = 20
DOWNSTREAM = 'vaerr_r18-tapstem-gru_{init}_1xb32-autoprec-200it_synthetic-ssl'
MODE_SUFFIX = dict(finetuned='', frozen='-frozen')


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument('--methods', nargs='+', default=['byol', 'dino', 'lira'],
                   choices=sorted(PRETEXT))
    p.add_argument('--modes', nargs='+', default=['finetuned', 'frozen'],
                   choices=sorted(MODE_SUFFIX))
    p.add_argument('--pretext-subjects', type=int, default=16)
    p.add_argument('--label-subjects', type=int, default=4)
    p.add_argument('--eval-subjects', type=int, default=4)
    p.add_argument('--seed', type=int, default=0,
                   help='seed of the pretext and fine-tuning runs (the '
                   'synthetic set itself is fixed); 0 = the configs as '
                   'committed')
    return p.parse_args()


def downstream_config(init: str) -> str:
    """Committed downstream config of a row (``scratch`` or
    ``<method>-pre-20e-synthetic-ssl[-frozen]``)."""
    return osp.join('configs', 'vaerr', 'pretrained',
                    DOWNSTREAM.format(init=init) + '.py')


def work_dir(name: str, seed: int) -> str:
    return osp.join('work_dirs', name + (f'_seed{seed}' if seed else ''))


def pretrain(method: str, seed: int) -> str:
    name = PRETEXT[method]
    work = work_dir(name, seed)
    ckpt = osp.join(work, f'epoch_{PRETEXT_EPOCHS}.pth')
    if not osp.isfile(ckpt):
        cmd = [sys.executable, 'tools/train.py',
               osp.join('configs', 'selfsup', name + '.py')]
        if seed:
            cmd += ['--work-dir', work, '--cfg-options',
                    f'randomness.seed={seed}']
        run(cmd)
    return ckpt


def finetune(row: str, init: str, seed: int, pretext_ckpt: str = None
             ) -> dict:
    cfg = downstream_config(init)
    work = work_dir(osp.splitext(osp.basename(cfg))[0], seed)
    dump = osp.join(work, 'test_predictions.pkl')
    opts = []
    if seed:
        opts = [f'randomness.seed={seed}']
        if pretext_ckpt:
            opts.append(f'model.backbone.init_cfg.checkpoint={pretext_ckpt}')
    extra = ['--cfg-options', *opts] if opts else []
    if not osp.isfile(dump):
        run([sys.executable, 'tools/train.py', cfg, '--work-dir', work,
             *extra])
        run([sys.executable, 'tools/test.py', cfg, best_checkpoint(work),
             '--work-dir', work, '--dump', dump, *extra])
    from mmaction_vaerr.evaluation import score_dump
    return dict(name=row, config=cfg, **score_dump(dump))


def main() -> None:
    args = parse_args()
    os.chdir(REPO)
    from mmaction_vaerr.datasets.synthetic import generate_synthetic_dataset
    n = args.pretext_subjects + args.label_subjects + 2 * args.eval_subjects
    generate_synthetic_dataset(
        DATA_ROOT, num_subjects=n, videos_per_subject=4,
        num_frames=(200, 300), seed=1, num_workers=2,
        splits=dict(pretrain=args.pretext_subjects, train=args.label_subjects,
                    val=args.eval_subjects, test=args.eval_subjects))
    rows = [finetune('scratch', 'scratch', args.seed)]
    for m in args.methods:
        ckpt = pretrain(m, args.seed)
        for mode in args.modes:
            init = f'{m}-pre-20e-synthetic-ssl{MODE_SUFFIX[mode]}'
            rows.append(finetune(f'{m}-{PRETEXT_EPOCHS}e-{mode}', init,
                                 args.seed, ckpt))
    from mmaction_vaerr.evaluation import format_comparison
    print(f'\nHeld-out test subjects; {args.label_subjects} labelled '
          f'subjects, pretext on {args.pretext_subjects} unlabelled ones')
    print(format_comparison(rows))
    out_dir = osp.join('work_dirs', 'ssl_experiment')
    os.makedirs(out_dir, exist_ok=True)
    out = osp.join(out_dir, 'comparison' +
                   (f'_seed{args.seed}' if args.seed else '') + '.json')
    with open(out, 'w') as f:
        json.dump(dict(args=vars(args), rows=rows), f, indent=2)
