"""The main job: SS-VAERR end to end on the embedded face videos.

1. generates the embedded set unless present: by default real photographed
   faces animated by known arousal/valence (``--dataset realface``,
   docs/realface.md; val/test persons never seen in training), or the
   cartoon faces (``--dataset cartoon``);
2. trains the downstream model from scratch with mmaction2's own training
   entry point (``tools/train.py`` -> mmaction2's ``tools/train.py``);
3. calibrates the best checkpoint's outputs on the validation subjects
   (``tools/analysis/calibrate_va.py``: the per-dimension affine map that
   matches the predictions' mean and sd to the labels', docs/calibration.md;
   ``--no-calibrate`` skips it);
4. evaluates it on the held-out test subjects with mmaction2's
   ``tools/test.py`` and prints CCC / PCC / RMSE per dimension
   (``--report-uncalibrated`` also tests the uncalibrated checkpoint and
   prints its figures beside them, one more test pass);
5. plots predicted vs true trajectories of a few test videos.

Usage: python tools/quickstart.py [--dataset realface|cartoon]
       [--work-dir work_dirs/quickstart] [--data-root DIR] [--iters N]
       [--seed S] [--no-calibrate] [--report-uncalibrated]
       [--cfg-options ...]
"""
from __future__ import annotations

import argparse
import os
import os.path as osp
import sys
import time

from mmaction_vaerr.apis import experiment
from mmaction_vaerr.apis.experiment import best_checkpoint, data_opts, run
from mmaction_vaerr.io import write_json_atomic
from mmaction_vaerr.io.dump import load_dump

from . import REPO
CONFIGS = dict(
    # half-width trunk, 400 steps: 15 min on any 2-core x86 CPU (the
    # paper-width 200-step config is one --config away)
    realface=osp.join(REPO, 'configs', 'vaerr', 'vaerr_r18w32-tapstem-gru_'
                      'scratch_1xb32-autoprec-400it_realface.py'),
    cartoon=osp.join(REPO, 'configs', 'vaerr', 'vaerr_r18-tapstem-gru_'
                     'scratch_1xb32-autoprec-200it_synthetic.py'))
CONFIG = CONFIGS['realface']
DATA_ROOTS = dict(realface='data/realface', cartoon='data/synthetic')


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument('--dataset', choices=sorted(CONFIGS), default='realface',
                   help='real faces animated by known labels (default) or '
                   'the cartoon faces')
    p.add_argument('--config', default=None,
                   help="default: the --dataset's quickstart config")
    p.add_argument('--work-dir', default='work_dirs/quickstart')
    p.add_argument('--data-root', default=None,
                   help='default data/realface or data/synthetic')
    p.add_argument('--subjects', type=int, default=40,
                   help='subject-disjoint splits: realface 60/20/20 %% '
                   'by person, cartoon 70/15/15 %%')
    p.add_argument('--videos', type=int, default=2)
    p.add_argument('--iters', type=int, default=None,
                   help='training steps; the cosine schedule and '
                   'validation follow (default: as configured)')
    p.add_argument('--seed', type=int, default=0,
                   help='training seed (the data set stays seed 0)')
    p.add_argument('--no-calibrate', action='store_true',
                   help='test the best checkpoint as trained, without the '
                   'validation-fitted output calibration')
    p.add_argument('--report-uncalibrated', action='store_true',
                   help='also test the checkpoint before calibration')
    p.add_argument('--resume', action='store_true',
                   help='continue a killed run from its last checkpoint')
    p.add_argument('--cfg-options', nargs='+', default=[])
    args = p.parse_args()
    args.config = args.config or CONFIGS[args.dataset]
    args.data_root = args.data_root or DATA_ROOTS[args.dataset]
    return args


def schedule_opts(iters: int, config: str = CONFIG) -> list:
    """:func:`mmaction_vaerr.apis.experiment.schedule_opts` of the
    quickstart config."""
    return experiment.schedule_opts(iters, config)


def generate(root: str, subjects: int, videos: int,
             dataset: str = 'cartoon') -> None:
    if dataset == 'realface':
        return generate_realface(root, subjects, videos)
    from mmaction_vaerr.dataprep.synthetic import generate_synthetic_dataset
    n_val = n_test = max(1, round(subjects * 0.15))
    s = generate_synthetic_dataset(
        root, num_subjects=subjects, videos_per_subject=videos,
        num_frames=(200, 300), seed=0, num_workers=2,
        splits=dict(train=subjects - n_val - n_test, val=n_val, test=n_test))
    print(f"synthetic set at {root}: {s['num_videos']} videos, "
          f"{s['frames']} frames ({s['generated']} generated, "
          f"{s['skipped']} already there) in {s['elapsed_s']:.1f} s")


def generate_realface(root: str, subjects: int, videos: int,
                      splits: dict = None) -> None:
    """The real-face set (seed 0, 250 frames a video), or the one already
    in ``root`` when it was made with the same settings (a different set
    there is an error, never replaced): :func:`mmaction_vaerr.dataprep.
    realface.realface_for_tools`."""
    from mmaction_vaerr.dataprep.realface import realface_for_tools
    try:
        print(realface_for_tools(root, subjects, videos, splits=splits))
    except FileExistsError as e:
        raise SystemExit(str(e)) from None


def describe_machine() -> dict:
    """Print and return the CPU, its ISA flags and the 'auto' precision
    that training will choose here (the same decision, logged again by the
    training process)."""
    from mmaction_vaerr.utils.hardware import choose_precision, isa_summary
    isa = isa_summary()
    choice = choose_precision('auto', 'cpu')
    ident = f" ({isa['cpu_id']})" if isa['cpu_id'] else ''
    print(f"machine: {isa['cpu']}{ident}, torch ISA {isa['torch_isa']}, "
          f"flags {','.join(isa['flags']) or 'none'}; auto precision: "
          f'{choice.precision} ({choice.reason})', flush=True)
    return dict(isa, precision=choice.precision, reason=choice.reason,
                probe=choice.probe)


def results_table(samples: list) -> dict:
    from mmaction_vaerr.evaluation import format_metrics, score_samples
    res = score_samples(samples)
    print('\nHeld-out test subjects (frame-level, all test videos '
          'concatenated)')
    print(format_metrics(res))
    return res


def plot_trajectories(samples: list, out_dir: str) -> list:
    """Predicted vs true arousal/valence of whole test videos, one PNG each."""
    import numpy as np
    from mmaction_vaerr.visualization import save_va_trajectory_plot
    paths = []
    for s in samples:
        fps = float(s.get('fps', 25.0))
        gt, valid = np.asarray(s['gt_va']), np.asarray(s['frame_mask'])
        name = s['video_id'].replace('/', '_')
        paths.append(save_va_trajectory_plot(
            osp.join(out_dir, f'test_trajectory_{name}.png'),
            np.arange(len(gt)) / fps, np.asarray(s['pred_va']), gt=gt,
            gt_valid=valid, title=f"{s['video_id']} (held-out subject)"))
    return paths


def run_test(args, ckpt: str, opts: list, name: str) -> str:
    """``tools/test.py`` of ``ckpt`` on the test subjects; the dump."""
    dump = osp.join(args.work_dir, name)
    run([sys.executable, 'tools/test.py', args.config, ckpt, '--work-dir',
         args.work_dir, '--dump', dump, '--cfg-options', *opts])
    return dump


def calibrate(args, ckpt: str, opts: list):
    """Fit the output calibration on the validation subjects; returns the
    calibrated checkpoint and the fit. The file lives in the quickstart's
    own work dir, so a rerun replaces it (``--overwrite``)."""
    out = osp.join(args.work_dir, 'calibrated.pth')
    run([sys.executable, 'tools/analysis/calibrate_va.py', args.config, ckpt,
         '--out', out, '--work-dir', osp.join(args.work_dir, 'calibrate'),
         '--overwrite', '--cfg-options', *opts])
    from mmaction_vaerr.checkpoint_io import load_local_checkpoint
    return out, load_local_checkpoint(out)['meta']['va_calibration']


def main() -> None:
    args = parse_args()
    os.chdir(REPO)
    t0 = time.time()
    machine = describe_machine()
    generate(args.data_root, args.subjects, args.videos, args.dataset)
    t_data = time.time() - t0
    opts = data_opts(args.data_root) + [f'randomness.seed={args.seed}']
    if args.iters:
        opts += schedule_opts(args.iters, args.config)
    opts += args.cfg_options
    py = sys.executable
    train = [py, 'tools/train.py', args.config, '--work-dir', args.work_dir,
             '--cfg-options', *opts]
    run(train + (['--resume'] if args.resume else []))
    t_train = time.time() - t0
    ckpt = best_checkpoint(args.work_dir)
    extra = {}
    if not args.no_calibrate:
        if args.report_uncalibrated:
            from mmaction_vaerr.evaluation import score_dump
            raw = run_test(args, ckpt, opts,
                           'test_predictions_uncalibrated.pkl')
            extra['uncalibrated'] = dict(score_dump(raw), checkpoint=ckpt)
        ckpt, extra['calibration'] = calibrate(args, ckpt, opts)
    samples = load_dump(run_test(args, ckpt, opts, 'test_predictions.pkl'))
    res = results_table(samples)
    if 'uncalibrated' in extra:
        u = extra['uncalibrated']
        print(f"uncalibrated: CCC arousal {u['ccc_arousal']:.3f}, valence "
              f"{u['ccc_valence']:.3f}, mean {u['ccc_mean']:.3f}")
    pngs = plot_trajectories(samples[:3], args.work_dir)
    res.update(extra, checkpoint=ckpt, seed=args.seed, machine=machine,
               minutes_total=(time.time() - t0) / 60,
               minutes_data=t_data / 60,
               minutes_until_trained=t_train / 60)
    write_json_atomic(osp.join(args.work_dir, 'results.json'), res,
                      indent=2)
    print(f'\ncheckpoint: {ckpt}\ntrajectory plots: {" ".join(pngs)}'
          f'\nresults: '
          f"{osp.join(args.work_dir, 'results.json')}\ntotal time: "
          f"{res['minutes_total']:.1f} min")


if __name__ == '__main__':
    main()
