"""Live arousal/valence: a webcam or a video read frame by frame.

Each frame is aligned as it arrives (face tracking + 68 landmarks, no look
at future frames) and pushed into a unidirectional model that carries its
GRU state; the prediction of frame ``t`` is ready when frame ``t+2`` arrives
(the 3D stem looks 2 frames ahead). The processing time of every frame
(face alignment, model) is measured; on a live source a prediction comes
2 frame periods plus one frame's processing after its frame. Examples::

    # webcam 0, show the circle in a window, stop with q
    python tools/demo/demo_stream.py 0 \\
        configs/vaerr/vaerr_r18-stem3d-unigru_scratch_1xb4-20e_synthetic.py \\
        work_dirs/unigru/best.pth --show
    # a file read as a stream, predictions to CSV
    python tools/demo/demo_stream.py clip.mp4 CONFIG CKPT --out-csv out.csv

Needs a unidirectional (online) model. Arguments and the ``--out-csv``
folder are checked before the model is built; the CSV is written under a
temporary name and renamed when complete. A video file with a display
rotation (phone video) is turned upright (OpenCV's reader applies right
angles; another angle is reported and the frames are used as stored).
Exit status 2 for bad arguments, an unreadable source, an unwritable CSV, a
bidirectional model or no usable face backend.
"""
import argparse
import os
import os.path as osp
import sys
import time

import numpy as np

from mmaction_vaerr.tools.demo.options import (add_precision_options,
                                              precision_problem)


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('source', help='webcam index (0, 1, ...) or video file')
    p.add_argument('config', help='unidirectional model config')
    p.add_argument('checkpoint', help='model checkpoint')
    p.add_argument('--device', default='cpu')
    p.add_argument('--face-backend', default='auto',
                   choices=['auto', 'dlib', 'face_alignment'])
    p.add_argument('--max-frames', type=int, default=None)
    p.add_argument('--out-csv', default=None, help='write the predictions')
    p.add_argument('--overwrite', action='store_true',
                   help='replace an existing --out-csv')
    p.add_argument('--show', action='store_true',
                   help='show frames and the circle (needs a display)')
    p.add_argument('--print-every', type=int, default=25,
                   help='print one prediction every N frames (0: never)')
    add_precision_options(p)
    p.add_argument('--threads', type=int, default=1,
                   help='CPU threads for the model (default 1: one frame is '
                   'too little work to split, and spinning threads stall on '
                   'a busy machine)')
    return p.parse_args(argv)


def open_source(source: str):
    import cv2
    cap = cv2.VideoCapture(int(source) if source.isdigit() else source)
    if not cap.isOpened():
        return None, 0.0
    # upright frames from phone videos (OpenCV's FFmpeg reader, 90-degree
    # steps; on by default, set here so that it does not depend on it)
    cap.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)
    fps = cap.get(cv2.CAP_PROP_FPS)
    return cap, (fps if fps and fps > 0 else 25.0)


def check_args(args) -> str:
    """The first problem with the arguments, or '' (before any work)."""
    if args.max_frames is not None and args.max_frames < 1:
        return f'--max-frames must be >= 1, got {args.max_frames}'
    if args.print_every < 0:
        return f'--print-every must be >= 0, got {args.print_every}'
    for what, path in (('config', args.config),
                       ('checkpoint', args.checkpoint)):
        if not osp.isfile(path):
            return f'{what} {path}: file not found'
    if args.out_csv:
        folder = osp.dirname(osp.abspath(args.out_csv))
        if osp.isdir(args.out_csv):
            return f'--out-csv {args.out_csv} is a folder'
        if osp.exists(args.out_csv) and not args.overwrite:
            return (f'{args.out_csv} already exists; not replaced (pass '
                    '--overwrite)')
        try:
            os.makedirs(folder, exist_ok=True)
            probe = osp.join(folder, f'.write_test{os.getpid()}')
            with open(probe, 'w'):
                pass
            os.remove(probe)
        except OSError as e:
            return f'cannot write {args.out_csv}: {e.strerror or e}'
    return ''


def warn_rotation(source: str) -> None:
    """Say when a file's rotation cannot be applied (not 90-degree steps)."""
    if source.isdigit():
        return
    from mmaction_vaerr.io import VideoReadError, probe_video
    try:
        rot = probe_video(source).rotation
    except VideoReadError:
        return
    if not rot.right_angle:
        print(f'warning: {source}: display rotation {rot.degrees:.1f} '
              'degrees is not a multiple of 90; frames are used as stored',
              file=sys.stderr)


def latency_summary(face_ms: np.ndarray, model_ms: np.ndarray, fps: float,
                    lookahead: int) -> str:
    total = face_ms + model_ms

    def stats(x):
        return (f'mean {x.mean():.1f} ms, median {np.median(x):.1f} ms, '
                f'p95 {np.percentile(x, 95):.1f} ms')

    wait = 1000 * lookahead / fps
    return (f'processing per frame: {stats(total)} (face {face_ms.mean():.1f}'
            f' ms + model {model_ms.mean():.1f} ms on average)\n'
            f'live latency per frame = {lookahead} frames of look-ahead '
            f'({wait:.0f} ms at {fps:.2f} fps) + processing = '
            f'{wait + np.median(total):.0f} ms (median)')


def main(argv=None) -> int:
    args = parse_args(argv)
    problem = check_args(args)
    if problem:
        print(f'error: {problem}', file=sys.stderr)
        return 2
    from mmaction_vaerr.apis import (OnlineFaceAligner, StreamingVAPredictor,
                                     VAResult, init_model)
    from mmaction_vaerr.io.atomic import atomic_write
    from mmaction_vaerr.preprocessing import BackendUnavailable
    cap, fps = open_source(args.source)
    if cap is None:
        print(f'error: cannot open {args.source!r} (no such camera or an '
              'unreadable video)', file=sys.stderr)
        return 2
    warn_rotation(args.source)
    if args.threads > 0:
        import torch
        torch.set_num_threads(args.threads)
    if precision_problem(args):
        raise SystemExit(f'error: {precision_problem(args)}')
    model = init_model(args.config, args.checkpoint, args.device,
                       int8=args.int8)
    try:
        stream = StreamingVAPredictor(model, bf16=args.bf16,
                                      precision=args.precision)
        aligner = OnlineFaceAligner(args.face_backend, fps=fps)
    except (ValueError, TypeError, BackendUnavailable) as e:
        print(f'error: {e}', file=sys.stderr)
        return 2
    print(aligner.note)
    preds, frames, face_ms, model_ms = [], {}, [], []
    show = None
    if args.show:
        import cv2
        from mmaction_vaerr.visualization import compose_frame, va_panel
        show = (cv2, compose_frame, va_panel)

    def collect(out) -> bool:
        for p in out:
            preds.append(p)
            if args.print_every and p.frame % args.print_every == 0:
                what = (f'arousal {p.arousal:+.3f} valence {p.valence:+.3f}'
                        if p.valid else 'no face')
                ms = face_ms[-1] + model_ms[-1] if model_ms else 0.0
                print(f'frame {p.frame:5d}  {p.frame / fps:7.2f} s  {what}  '
                      f'(processing {ms:.1f} ms)', flush=True)
            if show is not None:
                cv2, compose, panel = show
                pt = (p.valence, p.arousal) if p.valid else None
                cv2.imshow('arousal / valence', compose(
                    frames.pop(p.frame),
                    panel(360, pt, status='' if p.valid else 'no face'),
                    f'frame {p.frame}', not p.valid))
                if cv2.waitKey(1) & 0xFF == ord('q'):
                    return False
        return True

    t = 0
    running = True
    while running and (args.max_frames is None or t < args.max_frames):
        ok, bgr = cap.read()
        if not ok:
            break
        if show is not None:
            frames[t] = bgr
        t0 = time.perf_counter()
        face, valid = aligner(bgr)
        t1 = time.perf_counter()
        out = stream.push(face, valid)
        face_ms.append(1000 * (t1 - t0))
        model_ms.append(1000 * (time.perf_counter() - t1))
        running = collect(out)
        t += 1
    cap.release()
    collect(stream.flush())
    if not preds:
        print(f'error: no frame could be read from {args.source!r}',
              file=sys.stderr)
        return 2
    n_valid = sum(p.valid for p in preds)
    print(f'{len(preds)} frames, face in {n_valid}')
    # the first pushes only fill the look-ahead buffer (no model pass)
    k = stream.lookahead if len(model_ms) > stream.lookahead else 0
    print(latency_summary(np.array(face_ms[k:]), np.array(model_ms[k:]),
                          fps, stream.lookahead))
    if args.out_csv:
        va = np.array([[p.arousal, p.valence] for p in preds], np.float32)
        prob = np.stack([p.prob for p in preds]).astype(np.float32)
        valid = np.array([p.valid for p in preds])
        try:
            with atomic_write(args.out_csv) as tmp:
                VAResult(va, prob, valid, fps, args.source).to_csv(tmp)
        except OSError as e:
            print(f'error: cannot write {args.out_csv}: {e.strerror or e}',
                  file=sys.stderr)
            return 2
        finally:
            if osp.exists(tmp):
                os.remove(tmp)
        print(f'wrote {len(preds)} rows to {args.out_csv}')
    return 0
