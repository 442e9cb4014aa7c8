"""Frames per second of face preprocessing, per backend and clip.

Runs the whole per-video pipeline (decode, detect/track, 68 landmarks,
smoothing, alignment, encode) in one process on each clip and reports wall
and CPU-time frames/s; CPU-time fps is what one core sustains, independent of
other load on the machine. Example::

    python -m mmaction_vaerr.benchmark.face_preprocessing \\
        ../shared/data/real_clips \\
        --max-frames 300 --detect-every 10 1 --out bench_faces.json

``--detect-every 1`` (whole-frame detection on every frame) shows what the
windowed tracking between detections saves.
"""
import argparse
import os
import os.path as osp
import sys
import tempfile
import time

from mmaction_vaerr.io import VideoReadError, probe_video, write_json_atomic
from mmaction_vaerr.io.out_args import add_out_args, parse_guarded
from mmaction_vaerr.preprocessing import (BackendUnavailable, build_backend,
                                          preprocess_video)
from mmaction_vaerr.preprocessing.backends import BACKENDS
from mmaction_vaerr.preprocessing.batch import find_videos

TOOL = 'mmaction_vaerr.benchmark.face_preprocessing'


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('clips', nargs='+', help='video files or folders')
    p.add_argument('--backends', nargs='+', default=list(BACKENDS),
                   choices=list(BACKENDS))
    p.add_argument('--max-frames', type=int, default=300,
                   help='frames per clip (0: all)')
    p.add_argument('--detect-every', type=int, nargs='+', default=[10])
    p.add_argument('--threads', type=int, default=1,
                   help='OpenCV threads (1: measure one core)')
    add_out_args(p, 'write the results as JSON')
    return parse_guarded(p, argv, TOOL)


def collect(paths):
    clips = []
    for p in paths:
        clips += [v for v, _ in find_videos(p)] if osp.isdir(p) else [p]
    return clips


def run_one(backend, clip, detect_every, max_frames, tmp) -> dict:
    info = probe_video(clip)
    wall, cpu = time.perf_counter(), time.process_time()
    rec = preprocess_video(clip, tmp, 'bench', backend=backend,
                           detect_every=detect_every, max_frames=max_frames,
                           overwrite=True)  # its own temporary folder
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return dict(backend=backend.name, clip=osp.basename(clip),
                size=f'{info.width}x{info.height}', detect_every=detect_every,
                frames=rec['frames'], face_ratio=rec['face_ratio'],
                wall_fps=rec['frames'] / wall, cpu_fps=rec['frames'] / cpu,
                tracker=rec['tracker'])


def main(argv=None) -> int:
    args = parse_args(argv)
    import cv2
    cv2.setNumThreads(args.threads)
    clips = collect(args.clips)
    max_frames = args.max_frames or None
    results, unavailable = [], {}
    print(f"{'backend':15s} {'clip':34s} {'size':>9s} {'det':>3s} "
          f"{'frames':>6s} {'face%':>6s} {'wall fps':>8s} {'cpu fps':>8s}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.backends:
            try:
                backend, _ = build_backend(name)
            except BackendUnavailable as e:
                unavailable[name] = str(e)
                print(f'{name:15s} unavailable: {e}')
                continue
            for clip in clips:
                for k in args.detect_every:
                    try:
                        r = run_one(backend, clip, k, max_frames, tmp)
                    except VideoReadError as e:
                        print(f'{name:15s} {osp.basename(clip):34s} '
                              f'skipped: {e.problem}')
                        continue
                    results.append(r)
                    print(f"{name:15s} {r['clip'][:34]:34s} {r['size']:>9s} "
                          f"{k:3d} {r['frames']:6d} "
                          f"{100 * r['face_ratio']:6.1f} "
                          f"{r['wall_fps']:8.1f} {r['cpu_fps']:8.1f}")
    if args.out:
        write_json_atomic(args.out, dict(
            results=results, unavailable=unavailable,
            cpu_count=os.cpu_count(), threads=args.threads), tool=TOOL)
    return 0 if results else 1


if __name__ == '__main__':
    sys.exit(main())
