"""Pretrained vs from scratch on the synthetic set (the paper's Tables I-II
in miniature).

1. generates a synthetic set with an *unlabelled* pretext pool of subjects and
   a small labelled budget (``--label-subjects``), plus held-out val/test;
2. pretrains each method (LiRA, BYOL, DINO) on the pretext pool with its
   synthetic config, through mmaction2's training entry point;
3. fine-tunes the downstream model from each pretext backbone (fine-tuned and
   "frozen" = first 3D conv fixed) and from scratch, same labels, same
   schedule;
4. tests each on the held-out subjects and prints the comparison table
   (also written to ``<work-dir>/comparison.json``, ``comparison_seed<N>``
   for ``--seed N``).

Runs are resumable: a finished step (its checkpoint / dump exists) is
skipped when the command is run again. Run folders are named after the
settings that change their result (pretext epochs, fine-tuning steps, seed),
so a rerun with other settings never reuses a row made with different ones.

Usage: python tools/ssl_experiment.py [--methods byol dino lira]
       [--pretext-epochs 20] [--finetune-iters 200] [--label-subjects 4]
       [--seed 0]
"""
from __future__ import annotations

import argparse
import json
import os
import os.path as osp
import sys

# the quickstart's helpers (this folder is on sys.path for a script)
from quickstart import CONFIG as DOWNSTREAM
from quickstart import best_checkpoint, data_opts, run, schedule_opts

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
PRETEXT = {
    'lira': 'lira_r18-stem3d-conformer_1xb8-5e_synthetic.py',
    'byol': 'byol_r18-stem3d_1xb8-5e_synthetic.py',
    'dino': 'dino_r18-stem3d_1xb8-5e_synthetic.py',
}


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument('--methods', nargs='+', default=['byol', 'dino', 'lira'],
                   choices=sorted(PRETEXT))
    p.add_argument('--modes', nargs='+', default=['finetuned', 'frozen'],
                   choices=['finetuned', 'frozen', 'frozen_all'])
    p.add_argument('--data-root', default='data/synthetic_ssl')
    p.add_argument('--work-dir', default='work_dirs/ssl_experiment')
    p.add_argument('--pretext-subjects', type=int, default=16)
    p.add_argument('--label-subjects', type=int, default=4)
    p.add_argument('--eval-subjects', type=int, default=4)
    p.add_argument('--pretext-epochs', type=int, default=20)
    p.add_argument('--finetune-iters', type=int, default=200,
                   help='downstream steps (the quickstart schedule)')
    p.add_argument('--seed', type=int, default=0,
                   help='seed of the pretext and fine-tuning runs (the '
                   'synthetic set itself is fixed)')
    return p.parse_args()


def pretrain(method: str, args) -> str:
    work = osp.join(args.work_dir,
                    f'pretext_{method}_{args.pretext_epochs}e{seed_tag(args)}')
    ckpt = osp.join(work, f'epoch_{args.pretext_epochs}.pth')
    if not osp.isfile(ckpt):
        e = args.pretext_epochs
        run([sys.executable, 'tools/train.py',
             osp.join('configs', 'selfsup', PRETEXT[method]), '--work-dir',
             work, '--cfg-options',
             f'train_dataloader.dataset.data_root={args.data_root}',
             'train_dataloader.dataset.split=pretrain',
             f'train_cfg.max_epochs={e}', f'default_hooks.checkpoint.interval={e}',
             f'param_scheduler.1.T_max={e - 1}', f'param_scheduler.1.end={e}',
             f'randomness.seed={args.seed}'])
    return ckpt


def seed_tag(args) -> str:
    return f'_seed{args.seed}' if args.seed else ''


def finetune(name: str, args, backbone_opts: list) -> dict:
    work = osp.join(args.work_dir, f'downstream_{name}_{args.finetune_iters}it'
                    f'{seed_tag(args)}')
    dump = osp.join(work, 'test_predictions.pkl')
    opts = (data_opts(args.data_root) + schedule_opts(args.finetune_iters) +
            [f'randomness.seed={args.seed}'] + backbone_opts)
    if not osp.isfile(dump):
        run([sys.executable, 'tools/train.py', DOWNSTREAM, '--work-dir', work,
             '--cfg-options', *opts])
        ckpt = best_checkpoint(work)
        run([sys.executable, 'tools/test.py', DOWNSTREAM, ckpt, '--work-dir',
             work, '--dump', dump, '--cfg-options', *opts])
    from mmaction_vaerr.evaluation import score_dump
    return dict(name=name, **score_dump(dump))


def main() -> None:
    args = parse_args()
    os.chdir(REPO)
    from mmaction_vaerr.datasets.synthetic import generate_synthetic_dataset
    n = args.pretext_subjects + args.label_subjects + 2 * args.eval_subjects
    generate_synthetic_dataset(
        args.data_root, num_subjects=n, videos_per_subject=4,
        num_frames=(200, 300), seed=1, num_workers=2,
        splits=dict(pretrain=args.pretext_subjects, train=args.label_subjects,
                    val=args.eval_subjects, test=args.eval_subjects))
    rows = [finetune('scratch', args, [])]
    frozen = dict(finetuned='none', frozen='stem_conv', frozen_all='all')
    for m in args.methods:
        ckpt = pretrain(m, args)
        for mode in args.modes:
            rows.append(finetune(f'{m}-{args.pretext_epochs}e-{mode}', args, [
                'model.backbone.init_cfg.type=Pretrained',
                f'model.backbone.init_cfg.checkpoint={ckpt}',
                'model.backbone.init_cfg.prefix=backbone.',
                f'model.backbone.frozen={frozen[mode]}'
            ]))
    from mmaction_vaerr.evaluation import format_comparison
    print(f'\nHeld-out test subjects; {args.label_subjects} labelled '
          f'subjects, pretext on {args.pretext_subjects} unlabelled ones')
    print(format_comparison(rows))
    out = osp.join(args.work_dir, f'comparison{seed_tag(args)}.json')
    with open(out, 'w') as f:
        json.dump(dict(args=vars(args), rows=rows), f, indent=2)


if __name__ == '__main__':
    main()
