"""Frames of a video where the predicted valence / arousal are lowest and
highest, beside the valence-arousal circle: a check without labels that the
predictions follow visible smiles and mouth/eye opening.

Reads the CSV ``tools/demo/demo_video.py`` writes (``frame,time,arousal,
valence,valid``) and the same video::

    python tools/demo/demo_video.py clip.mp4 CONFIG CKPT --out-dir work_dirs/demo
    python tools/analysis/real_clip_extremes.py clip.mp4 \\
        work_dirs/demo/clip.csv --out docs/images/realface_extremes_clip.png
"""
import argparse
import csv
import os.path as osp
import sys

import cv2
import numpy as np

from mmaction_vaerr.io import iter_frames
from mmaction_vaerr.visualization.extremes import (extremes_sheet,
                                                   pick_extremes)


def read_demo_csv(path: str):
    """``(va (T, 2), valid (T,))`` from a demo CSV."""
    with open(path, newline='') as f:
        rows = list(csv.DictReader(f))
    need = {'frame', 'arousal', 'valence', 'valid'}
    if not rows or not need <= set(rows[0]):
        raise ValueError(f'{path}: expected a demo CSV with columns '
                         f'{sorted(need)}')
    va = np.array([[float(r['arousal']), float(r['valence'])] for r in rows])
    valid = np.array([r['valid'] == '1' for r in rows])
    return va, valid


def read_frames(video: str, wanted) -> dict:
    """The frames of ``video`` (upright, BGR) whose indices are ``wanted``,
    decoded by the project's reader as the demo decoded them."""
    out = {}
    for i, frame in enumerate(iter_frames(video, 'bgr24',
                                          max_frames=max(wanted) + 1,
                                          check_complete=False)):
        if i in wanted:
            out[i] = frame
    missing = sorted(set(wanted) - set(out))
    if missing:
        raise ValueError(f'{video}: frames {missing} could not be read')
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('video')
    p.add_argument('csv', help='the demo CSV of this video')
    p.add_argument('--out', required=True, help='PNG to write')
    p.add_argument('--smooth', type=int, default=5)
    p.add_argument('--overwrite', action='store_true')
    args = p.parse_args(argv)
    if osp.exists(args.out) and not args.overwrite:
        print(f'error: {args.out} exists (use --overwrite)', file=sys.stderr)
        return 2
    try:
        va, valid = read_demo_csv(args.csv)
        picks = pick_extremes(va, valid, args.smooth)
        frames = read_frames(args.video, {i for _, i in picks})
    except (OSError, ValueError) as e:
        print(f'error: {e}', file=sys.stderr)
        return 2
    sheet = extremes_sheet(frames, picks, va)
    if not cv2.imwrite(args.out, sheet):
        print(f'error: cannot write {args.out}', file=sys.stderr)
        return 2
    for name, i in picks:
        print(f'{name:16s} frame {i:5d}  arousal {va[i, 0]:+.2f}  '
              f'valence {va[i, 1]:+.2f}')
    print(f'wrote {args.out}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
