"""Convert SEWA / RECOLA / Aff-Wild2 / AFEW-VA labels to the canonical layout.

Writes ``<out-root>/labels/<video_id>.csv`` (one row per video frame), and
where the dataset provides them ``frames/``, ``landmarks/`` and
``subjects.csv``. Examples::

    # SEWA (AVEC 2019 CES), fps and frame count read from the videos
    python tools/data/convert_annotations.py --format sewa \\
        --inputs SEWA/labels --video-dir SEWA/videos --out-root data/sewa
    # RECOLA (AVEC 2016), one ARFF folder per dimension, 25 fps
    python tools/data/convert_annotations.py --format recola \\
        --arousal gold/arousal --valence gold/valence --fps 25 \\
        --out-root data/recola
    # Aff-Wild2 VA track with the released cropped_aligned faces
    python tools/data/convert_annotations.py --format affwild2 \\
        --inputs VA_Estimation_Challenge/Train_Set \\
        VA_Estimation_Challenge/Validation_Set --video-dir videos \\
        --frames-root cropped_aligned --out-root data/affwild2
    # AFEW-VA (clip folders with <clip>.json and 00000.png ...)
    python tools/data/convert_annotations.py --format afew_va \\
        --inputs AFEW-VA --out-root data/afew_va

Label/video frame-count mismatches within the tolerance are cut/padded
(invalid) with a warning; larger ones stop the conversion (see
``mmaction_vaerr.dataprep.alignment_policy``). Every input is
read and checked before anything is written; outputs that exist already
(an earlier run, or files made by hand) are replaced only with
``--overwrite``.
"""
import argparse
import glob
import logging
import os
import sys
from typing import List, Sequence

from mmaction_vaerr.dataprep import (FrameCountPolicy, convert_afew_va,
                                     convert_affwild2, convert_recola,
                                     convert_sewa)

EXTENSIONS = {'sewa': '.csv', 'recola': '.arff', 'affwild2': '.txt',
              'afew_va': '.json'}


def expand(paths: Sequence[str], ext: str) -> List[str]:
    """Files given directly, plus ``*<ext>`` files found under folders."""
    out = []
    for p in paths:
        if os.path.isdir(p):
            found = sorted(glob.glob(os.path.join(p, '**', '*' + ext),
                                     recursive=True))
            if not found:
                raise SystemExit(f'error: no *{ext} files under {p}')
            out += found
        elif os.path.isfile(p):
            out.append(p)
        else:
            raise SystemExit(f'error: {p} does not exist')
    return out


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split('\n')[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--format', required=True, choices=sorted(EXTENSIONS))
    p.add_argument('--inputs', nargs='+', default=[],
                   help='label files or folders (sewa, affwild2, afew_va)')
    p.add_argument('--arousal', nargs='+', default=[],
                   help='RECOLA arousal ARFF files or folders')
    p.add_argument('--valence', nargs='+', default=[],
                   help='RECOLA valence ARFF files or folders')
    p.add_argument('--out-root', required=True, help='canonical dataset root')
    p.add_argument('--fps', type=float, default=None,
                   help='video frame rate (when there are no videos to read '
                   'it from); AFEW-VA defaults to 25')
    p.add_argument('--video-dir', default=None,
                   help='folder with <video_id>.<ext> videos: fps and frame '
                   'count are read from them (decord, PyAV)')
    p.add_argument('--frames-root', default=None,
                   help='Aff-Wild2 cropped_aligned folder')
    p.add_argument('--frames-mode', choices=['symlink', 'copy', 'none'],
                   default='symlink',
                   help='how frames/<video_id>/ is populated (Aff-Wild2 with '
                   '--frames-root, AFEW-VA)')
    p.add_argument('--max-mismatch-frames', type=int, default=2,
                   help='label/video frame-count difference always accepted')
    p.add_argument('--max-mismatch-ratio', type=float, default=0.02,
                   help='... or this fraction of the video\'s frames')
    p.add_argument('--overwrite', action='store_true',
                   help='replace labels/, frames/ and landmarks/ files that '
                   'exist already (default: refuse, writing nothing)')
    p.add_argument('--value-attribute', default=None,
                   help='RECOLA: ARFF label attribute (default: the only '
                   'numeric one besides frameTime)')
    return p.parse_args(argv)


def main(argv=None) -> List[str]:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format='%(levelname)s %(message)s')
    policy = FrameCountPolicy(args.max_mismatch_frames,
                              args.max_mismatch_ratio)
    ext = EXTENSIONS[args.format]
    frames_mode = None if args.frames_mode == 'none' else args.frames_mode
    if args.format == 'recola':
        if not args.arousal or not args.valence:
            raise SystemExit('error: recola needs --arousal and --valence')
        ids = convert_recola(expand(args.arousal, ext),
                             expand(args.valence, ext), args.out_root,
                             args.fps, args.video_dir, policy,
                             args.value_attribute, overwrite=args.overwrite)
    else:
        if not args.inputs:
            raise SystemExit(f'error: {args.format} needs --inputs')
        files = expand(args.inputs, ext)
        if args.format == 'sewa':
            ids = convert_sewa(files, args.out_root, args.fps, args.video_dir,
                               policy, overwrite=args.overwrite)
        elif args.format == 'affwild2':
            skipped: List[str] = []
            ids = convert_affwild2(files, args.out_root, args.fps,
                                   args.video_dir, args.frames_root,
                                   frames_mode, policy, report=skipped,
                                   overwrite=args.overwrite)
            if skipped and not ids:
                raise ValueError(f'no label file written: all {len(skipped)}'
                                 ' videos were skipped:\n  ' +
                                 '\n  '.join(skipped))
        else:
            ids = convert_afew_va(files, args.out_root, args.fps or 25.0,
                                  frames_mode, policy,
                                  overwrite=args.overwrite)
    print(f'wrote {len(ids)} label file(s) to '
          f'{os.path.join(args.out_root, "labels")}')
    return ids
