"""Arousal/valence of every frame of a video: CSV, trajectory plot, overlay.

Raw video in (any size / frame rate FFmpeg decodes); faces are detected,
tracked and aligned (``mmaction_vaerr.preprocessing``), the model predicts
per frame, and three files are written to ``--out-dir``::

    <name>.csv              frame,time,arousal,valence,valid
    <name>_trajectory.png   arousal and valence over time
    <name>_overlay.mp4      each frame | valence-arousal circle

Frames without a face have ``valid=0`` and ``nan`` predictions; they are
shaded in the plot and say "no face" in the video. A video without any face
still gets the three files (all rows invalid). With ``--labels`` (the
project's label CSV for this video) the true values are drawn in green.
Example::

    python tools/demo/demo_video.py clip.mp4 \\
        configs/vaerr/vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py \\
        work_dirs/quickstart/best.pth --out-dir work_dirs/demo

Arguments, the label file and the output folder are checked before any
face detection. The three files are written under temporary names and moved
into place together at the end, so a failure (disk full, read-only folder)
leaves none of them half-written. Rotated phone videos are turned upright.

Exit status: 0 when the outputs were written (also for a video without a
face), 2 for bad arguments, outputs that already exist (without
``--overwrite``), an unreadable video, a bad label file, an unwritable output
folder or no usable face backend.
"""
import argparse
import os
import os.path as osp
import sys
import tempfile

import numpy as np

from mmaction_vaerr.tools.demo.options import (add_precision_options,
                                              precision_problem)


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('video', help='input video')
    p.add_argument('config', help='model config')
    p.add_argument('checkpoint', help='model checkpoint')
    p.add_argument('--out-dir', default='work_dirs/demo')
    p.add_argument('--labels', default=None,
                   help='label CSV (frame,time,arousal,valence,valid)')
    p.add_argument('--device', default='cpu')
    p.add_argument('--face-backend', default='auto',
                   choices=['auto', 'dlib', 'face_alignment'])
    p.add_argument('--aligned', action='store_true',
                   help='the video already holds aligned face crops')
    p.add_argument('--max-frames', type=int, default=None,
                   help='only the first N frames')
    p.add_argument('--window', type=int, default=None,
                   help='bidirectional window (default: the API default)')
    p.add_argument('--overlap', type=int, default=None)
    p.add_argument('--whole', action='store_true',
                   help='one pass over the whole video (no windows)')
    add_precision_options(p)
    p.add_argument('--channels-last', action='store_true')
    p.add_argument('--height', type=int, default=360,
                   help='overlay video height (pixels)')
    p.add_argument('--snapshot', type=int, default=None, metavar='FRAME',
                   help='also save this overlay frame as <name>_overlay.png')
    p.add_argument('--keep-crops', action='store_true',
                   help='keep the aligned crops under <out-dir>/faces')
    p.add_argument('--overwrite', action='store_true',
                   help='replace outputs that already exist in --out-dir')
    return p.parse_args(argv)


def error(msg: str) -> int:
    print(f'error: {msg}', file=sys.stderr)
    return 2


def check_args(args) -> str:
    """The first problem with the arguments, or '' (before any work)."""
    if args.max_frames is not None and args.max_frames < 1:
        return f'--max-frames must be >= 1, got {args.max_frames}'
    if args.window is not None and args.window < 1:
        return f'--window must be >= 1, got {args.window}'
    if args.overlap is not None and args.overlap < 0:
        return f'--overlap must be >= 0, got {args.overlap}'
    if args.height < 16:
        return f'--height must be >= 16, got {args.height}'
    if args.snapshot is not None and args.snapshot < 0:
        return f'--snapshot must be a frame index >= 0, got {args.snapshot}'
    return ''


def check_out_dir(out_dir: str) -> str:
    """Create ``out_dir`` and prove it is writable; '' or the problem."""
    probe = osp.join(out_dir, f'.write_test{os.getpid()}')
    try:
        os.makedirs(out_dir, exist_ok=True)
        with open(probe, 'w') as f:
            f.write('x')
        os.remove(probe)
    except OSError as e:
        return (f'cannot write to the output folder {out_dir}: '
                f'{e.strerror or e}')
    return ''


def tmp_name(path: str) -> str:
    """``a/b.csv`` -> ``a/b.tmp<pid>.csv`` (keeps the extension)."""
    from mmaction_vaerr.io.atomic import temp_name
    return temp_name(path, keep_ext=True)


def read_labels(path: str, n: int, ann=None):
    from mmaction_vaerr.datasets.va_annotation import read_va_csv
    ann = read_va_csv(path) if ann is None else ann
    if len(ann) != n:
        print(f'warning: {path} has {len(ann)} rows, the video {n} frames; '
              'rows past the video are ignored, frames past the labels have '
              'no ground truth')
    gt = np.zeros((n, 2), np.float32)
    ok = np.zeros(n, bool)
    k = min(n, len(ann))
    gt[:k], ok[:k] = ann.va[:k], ann.valid[:k]
    return gt, ok


def main(argv=None) -> int:
    args = parse_args(argv)
    problem = check_args(args)
    if problem:
        return error(problem)
    from mmaction_vaerr.apis import (DEFAULT_OVERLAP, DEFAULT_WINDOW,
                                     inference_va, init_model)
    from mmaction_vaerr.io import VideoReadError, probe_video
    try:
        info = probe_video(args.video)
    except VideoReadError as e:
        return error(f'cannot read the video: {e}')
    name = osp.splitext(osp.basename(args.video))[0]
    window = None if args.whole else (args.window or DEFAULT_WINDOW)
    overlap = DEFAULT_OVERLAP if args.overlap is None else args.overlap
    if window is not None and overlap >= window:
        return error(f'--overlap ({overlap}) must be smaller than --window '
                     f'({window})')
    labels = None
    if args.labels:
        from mmaction_vaerr.datasets.va_annotation import read_va_csv
        try:
            labels = read_va_csv(args.labels)
        except (OSError, ValueError) as e:
            return error(f'bad label file: {e}')
    problem = check_out_dir(args.out_dir)
    if problem:
        return error(problem)
    outs = dict(csv=osp.join(args.out_dir, f'{name}.csv'),
                plot=osp.join(args.out_dir, f'{name}_trajectory.png'),
                video=osp.join(args.out_dir, f'{name}_overlay.mp4'))
    if args.snapshot is not None:
        outs['snapshot'] = osp.join(args.out_dir, f'{name}_overlay.png')
    existing = [p for p in outs.values() if osp.exists(p)]
    if existing and not args.overwrite:
        return error(f'{", ".join(existing)} already exist(s); not replaced '
                     '(pass --overwrite, or another --out-dir)')
    print(f'{args.video}: {info.width}x{info.height}, {float(info.fps):.3f} '
          f'fps, {info.num_frames} frames declared')
    if precision_problem(args):
        return error(precision_problem(args))
    from mmaction_vaerr.checkpoint_io import CheckpointError
    try:
        model = init_model(args.config, args.checkpoint, args.device,
                           int8=args.int8)
    except (CheckpointError, FileNotFoundError, ValueError) as e:
        return error(str(e))
    try:
        return _run(args, model, info, name, outs, window, overlap, labels,
                    inference_va)
    finally:
        for path in outs.values():  # a failure leaves no partial output
            partial = tmp_name(path)
            for tmp in (partial, f'{partial}.tmp{os.getpid()}'):
                if osp.exists(tmp):
                    os.remove(tmp)


def _run(args, model, info, name, outs, window, overlap, labels,
         inference_va) -> int:
    from mmaction_vaerr.io import VideoReadError
    from mmaction_vaerr.preprocessing import BackendUnavailable
    from mmaction_vaerr.visualization import (render_overlay_video,
                                              save_va_trajectory_plot)
    with tempfile.TemporaryDirectory() as tmp:
        work = osp.join(args.out_dir, 'faces') if args.keep_crops else tmp
        if not args.aligned:
            print('face detection and alignment ...', flush=True)
        try:
            result = inference_va(
                model, args.video, aligned=True if args.aligned else None,
                window=window, overlap=overlap, bf16=args.bf16,
                precision=args.precision,
                channels_last=args.channels_last,
                face_backend=args.face_backend, work_dir=work,
                max_frames=args.max_frames, progress=True)
        except VideoReadError as e:
            return error(f'cannot read the video: {e}')
        except BackendUnavailable as e:
            return error(f'no face backend can run: {e}')
        except ValueError as e:  # --aligned with frames of the wrong size
            return error(str(e))
        n = len(result)
        if result.info.get('backend_note'):
            print(result.info['backend_note'])
        no_face = not result.valid.any()
        if no_face:
            print(f'NO FACE found in {args.video} ({n} frames): every row of '
                  'the CSV has valid=0 and nan predictions; the plot and the '
                  "overlay video say 'no face'.")
        else:
            k = int(result.valid.sum())
            print(f'face in {k}/{n} frames ({100 * k / n:.1f}%); frames '
                  'without a face are valid=0 with nan predictions.')
        gt = gt_ok = None
        if labels is not None:
            gt, gt_ok = read_labels(args.labels, n, labels)
        tmps = {k: tmp_name(p) for k, p in outs.items()}
        try:
            frames = _write(args, result, info, name, tmps, outs, gt, gt_ok,
                            no_face, render_overlay_video,
                            save_va_trajectory_plot)
        except OSError as e:
            where = e.filename or args.out_dir
            return error(f'cannot write {where}: {e.strerror or e}; no '
                         'output was left half-written')
        from mmaction_vaerr.io import commit_group
        # no snapshot file when the snapshot frame is past the last frame
        commit_group(tmps, outs, missing_ok=True)
    if not no_face:
        mean = np.nanmean(result.va, axis=0)
        print(f'mean arousal {mean[0]:+.3f}, mean valence {mean[1]:+.3f}')
    print(f'wrote {n} rows to {outs["csv"]}\n'
          f'wrote {outs["plot"]}\nwrote {frames} frames to {outs["video"]}')
    return 0


def _write(args, result, info, name, tmps, outs, gt, gt_ok, no_face,
           render_overlay_video, save_va_trajectory_plot) -> int:
    """The three outputs under their temporary names; returns the overlay's
    frame count."""
    result.to_csv(tmps['csv'])
    save_va_trajectory_plot(
        tmps['plot'], result.times, result.va, valid=result.valid,
        gt=gt, gt_valid=gt_ok, title=f'{name}: arousal / valence')
    crops = None  # the aligned faces, inset in the overlay
    if result.info.get('aligned'):
        crops = args.video
    elif not no_face:
        crops = result.info['outputs']['video']
    return render_overlay_video(
        args.video, tmps['video'], result.va, result.valid, info.fps,
        gt=gt, gt_valid=gt_ok, crops=crops, height=args.height,
        no_face_text='no face detected' if no_face else 'no face',
        snapshots=None if args.snapshot is None else
        {args.snapshot: tmps['snapshot']},
        progress=True)
