"""Face preprocessing: raw videos -> aligned 96x96 grayscale face videos.

For every video: one face track, 68 landmarks per frame, similarity alignment
to a mean face, grayscale crop, written in the canonical layout
(``<out-root>/videos/<id>.mp4``, ``landmarks/<id>.npy``,
``face_masks/<id>.npy``). Examples::

    # a whole folder (recursive), 2 processes, resumable
    python tools/data/preprocess_faces.py raw_videos/ data/mydata --workers 2
    # one file, the paper's FAN backend (needs its weights)
    python tools/data/preprocess_faces.py clip.mp4 data/mydata \\
        --backend face_alignment --video-id subject_01/clip

Needs the ``face`` extra (``pip install -e .[face]``). ``--backend auto``
uses face-alignment when its weights are present or can be downloaded,
otherwise the offline dlib models, and prints which.

Existing files are safe: a video whose output names already hold files that
this tool did not write for that same source is skipped and reported
(``--overwrite`` replaces them); everything is written under temporary names
and moved into place only when complete. The crop videos keep the source's
audio (``--no-audio``: video only), cut to the written frames, for LiRA's
acoustic targets. Phone videos with a display rotation are turned upright.
Exit status: 0 when at least one video produced a sample, 1 when all failed
or had no face, 2 on bad arguments, an unwritable output folder or when no
backend can run.
"""
import argparse
import os.path as osp
import sys

from mmaction_vaerr.preprocessing import BackendUnavailable
from mmaction_vaerr.preprocessing.batch import (exit_code, format_summary,
                                                process_directory,
                                                summarize, write_error)
from mmaction_vaerr.preprocessing.outputs import OutputExistsError
from mmaction_vaerr.preprocessing.pipeline import preprocess_video
from mmaction_vaerr.io import VideoReadError


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('input', help='a video file or a folder of videos')
    p.add_argument('out_root', help='dataset root to write into')
    p.add_argument('--backend', default='auto',
                   choices=['auto', 'dlib', 'face_alignment'])
    p.add_argument('--fa-detector', default='sfd',
                   choices=['sfd', 'blazeface'],
                   help='face_alignment backend detector')
    p.add_argument('--size', type=int, default=96, help='crop side (pixels)')
    p.add_argument('--detect-every', type=int, default=10,
                   help='whole-frame detection period while tracking')
    p.add_argument('--max-frames', type=int, default=None,
                   help='only the first N frames of each video')
    p.add_argument('--no-smooth', action='store_true',
                   help='no temporal landmark smoothing')
    p.add_argument('--workers', type=int, default=1, help='processes')
    p.add_argument('--overwrite', action='store_true',
                   help='redo videos finished by an earlier run and replace '
                   'existing files at the output names')
    p.add_argument('--no-audio', action='store_true',
                   help='do not copy the audio track into the crop videos')
    p.add_argument('--video-id', default=None,
                   help='output id for a single input file')
    p.add_argument('--no-progress', action='store_true')
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.size < 16 or args.size % 2:
        print(f'--size must be even and >= 16, got {args.size}',
              file=sys.stderr)
        return 2
    if args.max_frames is not None and args.max_frames < 1:
        print(f'--max-frames must be >= 1, got {args.max_frames}',
              file=sys.stderr)
        return 2
    kwargs = dict(size=args.size, detect_every=args.detect_every,
                  max_frames=args.max_frames, smooth=not args.no_smooth,
                  audio=not args.no_audio)
    options = {'face_alignment': {'detector': args.fa_detector}}
    try:
        if osp.isdir(args.input):
            summary = process_directory(
                args.input, args.out_root, backend=args.backend,
                workers=args.workers, overwrite=args.overwrite,
                progress=not args.no_progress, backend_options=options,
                **kwargs)
        elif osp.exists(args.input):
            summary = _single(args, kwargs, options)
        else:
            print(f'{args.input}: no such file or folder', file=sys.stderr)
            return 2
    except BackendUnavailable as e:
        print(f'error: {e}', file=sys.stderr)
        return 2
    except OSError as e:  # the output root itself cannot be written
        print(f'error: {write_error(e)}', file=sys.stderr)
        return 2
    print(format_summary(summary))
    if summary['videos'] == 0:
        print(f'{args.input}: no video files found', file=sys.stderr)
    return exit_code(summary)


def _single(args, kwargs, options) -> dict:
    from mmaction_vaerr.preprocessing import build_backend
    backend, note = build_backend(args.backend, options)
    try:
        rec = preprocess_video(args.input, args.out_root, args.video_id,
                               backend=backend, overwrite=args.overwrite,
                               **kwargs)
        if rec['status'] == 'no_face':
            rec['reason'] = 'no face found in any frame'
    except (VideoReadError, OutputExistsError, OSError) as e:
        reason = (e.problem if isinstance(e, VideoReadError) else str(e)
                  if isinstance(e, OutputExistsError) else write_error(e))
        rec = dict(video_id=args.video_id or args.input, path=args.input,
                   status='failed', reason=reason)
    return summarize([rec], note, rec.get('seconds', 0.0))
