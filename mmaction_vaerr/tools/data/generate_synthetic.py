"""Generate the synthetic arousal/valence face dataset (the embedded default).

Example::

    python tools/data/generate_synthetic.py data/synthetic \\
        --subjects 16 --videos 4 --frames 200 300 \\
        --splits train=10 val=3 test=3 --workers 2 \\
        --preview data/synthetic/contact_sheet.png

Re-running with the same arguments skips finished videos; adding subjects
renders only the new ones. Besides the videos and VA labels it writes
per-frame expression and AU labels in the Aff-Wild2 layout
(``EXPR_Recognition_Challenge/``, ``AU_Detection_Challenge/``; see
docs/tasks.md), also into a root generated before they existed.
"""
import argparse
import os

from mmaction_vaerr.dataprep.splits import parse_splits
from mmaction_vaerr.dataprep.synthetic import (generate_synthetic_dataset,
                                               save_contact_sheet)


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('root', help='output dataset folder')
    p.add_argument('--subjects', type=int, default=16)
    p.add_argument('--videos', type=int, default=4,
                   help='videos per subject')
    p.add_argument('--frames', type=int, nargs='+', default=[200, 300],
                   metavar='N', help='frames per video, or MIN MAX')
    p.add_argument('--fps', type=float, default=25)
    p.add_argument('--size', type=int, default=96)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--splits', nargs='+', default=None, metavar='NAME=N',
                   help='subject counts or fractions per split '
                   '(default train=0.6 val=0.2 test=0.2)')
    p.add_argument('--no-audio', action='store_true')
    p.add_argument('--sample-rate', type=int, default=16000)
    p.add_argument('--time-scale', type=float, default=4.0,
                   help='seconds; speed of the emotion trajectories')
    p.add_argument('--crf', type=int, default=12, help='libx264 quality')
    p.add_argument('--overwrite', action='store_true')
    p.add_argument('--workers', type=int,
                   default=min(2, os.cpu_count() or 1))
    p.add_argument('--preview', default=None,
                   help='also write a contact sheet PNG here')
    args = p.parse_args(argv)
    if len(args.frames) not in (1, 2):
        p.error('--frames takes N or MIN MAX')
    try:
        args.splits = parse_splits(args.splits) if args.splits else None
    except argparse.ArgumentTypeError as e:
        p.error(str(e))
    return args


def main(argv=None) -> dict:
    args = parse_args(argv)
    frames = args.frames[0] if len(args.frames) == 1 else tuple(args.frames)
    try:
        summary = generate_synthetic_dataset(
            args.root, num_subjects=args.subjects,
            videos_per_subject=args.videos, num_frames=frames, fps=args.fps,
            size=args.size, seed=args.seed, splits=args.splits,
            with_audio=not args.no_audio, sample_rate=args.sample_rate,
            time_scale=args.time_scale, crf=args.crf,
            overwrite=args.overwrite, num_workers=args.workers)
    except ValueError as e:
        raise SystemExit(f'error: {e}') from None
    print(f"{summary['root']}: {summary['num_videos']} videos, "
          f"{summary['frames']} frames ({summary['seconds']:.1f} s), "
          f"{summary['generated']} generated, {summary['skipped']} kept, "
          f"{summary['elapsed_s']:.1f} s, codec {summary['video_codec']}, "
          f"pixel mean/std {summary['pixel_mean']:.3f}/"
          f"{summary['pixel_std']:.3f}")
    for name, s in summary['splits'].items():
        print(f"  {name:>8}: {len(s['subjects']):3d} subjects "
              f"{s['videos']:4d} videos {s['frames']:7d} frames "
              f"{s['seconds']:8.1f} s")
    if args.preview:
        save_contact_sheet(args.preview, num_subjects=min(args.subjects, 8),
                           seed=args.seed, size=args.size)
        print(f'contact sheet: {args.preview}')
    return summary
