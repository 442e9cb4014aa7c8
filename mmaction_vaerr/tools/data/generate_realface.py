"""Generate the real-face arousal/valence set (real photos, animated).

Example::

    python tools/data/generate_realface.py data/realface \\
        --subjects 40 --videos 2 --frames 250 --workers 2 \\
        --layouts canonical affwild2 \\
        --preview docs/images/realface_preview.png

``--layouts affwild2`` writes Aff-Wild2's released layout
(``cropped_aligned/`` + ``VA_Estimation_Challenge/``) for
``configs/affwild2/``; ``canonical`` (default) the project's layout
(``videos/ labels/ splits/``) for the other configs. See docs/realface.md.
"""
import argparse
import os

from mmaction_vaerr.dataprep.splits import parse_splits
from mmaction_vaerr.dataprep.realface import (generate_realface_dataset,
                                              plan_dataset, save_preview)
from mmaction_vaerr.dataprep.realface.generator import WARP_CHOICES


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('root', help='output dataset folder')
    p.add_argument('--subjects', type=int, default=40)
    p.add_argument('--videos', type=int, default=2,
                   help='videos per subject')
    p.add_argument('--frames', type=int, default=250)
    p.add_argument('--fps', type=float, default=25)
    p.add_argument('--size', type=int, default=96)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--splits', nargs='+', default=None, metavar='NAME=N',
                   help='subject counts or fractions per split (default '
                   'train=0.6 val=0.2 test=0.2); persons follow them')
    p.add_argument('--layouts', nargs='+', default=['canonical'],
                   choices=['canonical', 'affwild2'])
    p.add_argument('--photos', default=None,
                   help='face photo folder (default ../shared/data/'
                   'face_images)')
    p.add_argument('--clips', default=None,
                   help="clip folder (default ../shared/data/real_clips; "
                   "'' for none)")
    p.add_argument('--cache-dir', default=None,
                   help='landmark cache (default ~/.cache/mmaction_vaerr/'
                   "realface; '' to disable)")
    p.add_argument('--no-audio', action='store_true')
    p.add_argument('--time-scale', type=float, default=4.0)
    p.add_argument('--occlusion-prob', type=float, default=0.3)
    p.add_argument('--affwild2-invalid', type=float, default=0.02,
                   help='fraction of invalid Aff-Wild2 frames')
    p.add_argument('--warp', default='affine', choices=WARP_CHOICES,
                   help="animation method: the mesh's piecewise-affine "
                   "warp (default), a thin-plate spline through the same "
                   "points, or 'mix' (per video, half and half)")
    p.add_argument('--overwrite', action='store_true')
    p.add_argument('--workers', type=int,
                   default=min(2, os.cpu_count() or 1))
    p.add_argument('--preview', default=None,
                   help='also write a preview PNG (subjects x states)')
    args = p.parse_args(argv)
    try:
        args.splits = parse_splits(args.splits) if args.splits else None
    except argparse.ArgumentTypeError as e:
        p.error(str(e))
    return args


def main(argv=None) -> dict:
    args = parse_args(argv)
    try:
        summary = generate_realface_dataset(
            args.root, num_subjects=args.subjects,
            videos_per_subject=args.videos, num_frames=args.frames,
            fps=args.fps, size=args.size, seed=args.seed, splits=args.splits,
            photo_dir=args.photos, clip_dir=args.clips,
            cache_dir=args.cache_dir, layouts=args.layouts,
            with_audio=not args.no_audio, time_scale=args.time_scale,
            occlusion_prob=args.occlusion_prob, warp=args.warp,
            affwild2_invalid=args.affwild2_invalid,
            overwrite=args.overwrite, num_workers=args.workers)
    except (ValueError, FileNotFoundError, FileExistsError) as e:
        raise SystemExit(f'error: {e}') from None
    print(f"{summary['root']}: {summary['num_videos']} videos, "
          f"{summary['frames']} frames ({summary['seconds']:.1f} s) of "
          f"{summary['persons']} real persons, {summary['elapsed_s']:.1f} s")
    for name, s in summary['splits'].items():
        print(f"  {name:>8}: {len(s['subjects']):3d} subjects "
              f"{len(s['persons']):3d} persons {s['videos']:4d} videos "
              f"{s['frames']:7d} frames")
    if args.preview:
        specs = plan_dataset(args.subjects, args.seed, args.splits,
                             args.photos, args.clips, args.cache_dir)
        save_preview(args.preview, specs[:min(6, len(specs))])
        print(f'preview: {args.preview}')
    return summary


if __name__ == '__main__':
    main()
