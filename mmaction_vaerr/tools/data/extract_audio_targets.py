"""LiRA acoustic targets: log-mel or MFCC of each video's audio -> .npy.

Writes ``<out_root>/<video_id>.npy`` (``(T_feat, D)`` float32 at ``--rate``
Hz, feature ``j`` centred at ``j / rate`` s after the first video frame) and
``<out_root>/audio_targets.json`` (the settings), the layout that
``LoadAudioTargets(kind='precomputed', feature_root=OUT, feature_rate=RATE)``
reads. Inputs: a video, or a folder of videos searched recursively (ids as in
``preprocess_faces.py``: relative path without extension). Examples::

    # from the raw videos; frame counts from the preprocessed crops
    python tools/data/extract_audio_targets.py raw_videos/ data/my_logmel \\
        --frames-root data/mydata
    # from the crop videos themselves (preprocessing keeps their audio)
    python tools/data/extract_audio_targets.py data/mydata/videos \\
        data/mydata_mfcc --kind mfcc

Existing feature files are kept (reported as ``exists``) unless
``--overwrite``; settings that differ from an existing ``audio_targets.json``
are refused. Broken files are reported by name and skipped. Exit status: 0
when every video has targets, 1 when some failed, 2 on bad arguments.
"""
import argparse
import json
import os.path as osp
import sys

from mmaction_vaerr.datasets.audio.extract import (
    KINDS, extract_audio_targets, feature_dim)
from mmaction_vaerr.io import (DatasetLayout, VideoReadError, count_frames,
                               probe_video, write_json_atomic)
from mmaction_vaerr.preprocessing.batch import find_videos, write_error
from mmaction_vaerr.preprocessing.outputs import save_npy_atomic

META = 'audio_targets.json'


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('input', help='a video file or a folder of videos')
    p.add_argument('out_root', help='feature folder (feature_root)')
    p.add_argument('--kind', default='logmel', choices=KINDS)
    p.add_argument('--rate', type=float, default=100.0,
                   help='feature frames per second (feature_rate)')
    p.add_argument('--sample-rate', type=int, default=16000)
    p.add_argument('--n-mels', type=int, default=80)
    p.add_argument('--n-mfcc', type=int, default=13)
    p.add_argument('--win-ms', type=float, default=25.0,
                   help='analysis window in milliseconds')
    p.add_argument('--frames-root', default=None,
                   help='dataset root whose videos/<id>.mp4 give the frame '
                   'count and rate to span (the preprocessed crops)')
    p.add_argument('--video-id', default=None,
                   help='output id for a single input file')
    p.add_argument('--overwrite', action='store_true',
                   help='recompute existing feature files')
    return p.parse_args(argv)


def _span(path: str, vid: str, frames_root) -> tuple:
    """(frames, fps) the targets of ``vid`` must cover."""
    ref = (DatasetLayout(frames_root).video(vid) if frames_root
           else path)
    info = probe_video(ref)
    return info.num_frames or count_frames(ref), float(info.fps)


def _check_meta(out_root: str, settings: dict, overwrite: bool) -> str:
    path = osp.join(out_root, META)
    if osp.isfile(path) and not overwrite:
        with open(path) as f:
            old = json.load(f)
        if old != settings:
            return (f'{path}: the features there were made with {old}, not '
                    f'{settings}; use another folder or --overwrite')
    write_json_atomic(path, settings)
    return ''


def main(argv=None) -> int:
    args = parse_args(argv)
    if osp.isdir(args.input):
        jobs = find_videos(args.input, exclude=args.out_root)
    elif osp.isfile(args.input):
        vid = args.video_id or osp.splitext(osp.basename(args.input))[0]
        jobs = [(args.input, vid)]
    else:
        print(f'{args.input}: no such file or folder', file=sys.stderr)
        return 2
    if not jobs:
        print(f'{args.input}: no video files found', file=sys.stderr)
        return 2
    if args.rate <= 0 or args.win_ms <= 0 or args.n_mels < 1 or \
            not 1 <= args.n_mfcc <= args.n_mels:
        print('need --rate > 0, --win-ms > 0, 1 <= --n-mfcc <= --n-mels',
              file=sys.stderr)
        return 2
    settings = dict(kind=args.kind, feature_rate=args.rate,
                    sample_rate=args.sample_rate, n_mels=args.n_mels,
                    n_mfcc=args.n_mfcc, win_ms=args.win_ms,
                    dim=feature_dim(args.kind, args.n_mels, args.n_mfcc),
                    time_of_feature_j='j / feature_rate seconds')
    try:
        problem = _check_meta(args.out_root, settings, args.overwrite)
    except OSError as e:
        problem = write_error(e)
    if problem:
        print(f'error: {problem}', file=sys.stderr)
        return 2
    counts = dict(written=0, exists=0, failed=0)
    for path, vid in jobs:
        out = osp.join(args.out_root, vid + '.npy')
        if osp.exists(out) and not args.overwrite:
            counts['exists'] += 1
            print(f'{vid:40s} exists   {out} (kept; --overwrite recomputes)')
            continue
        try:
            frames, fps = _span(path, vid, args.frames_root)
            feats, valid = extract_audio_targets(
                path, frames, fps, args.kind, args.rate, args.sample_rate,
                args.n_mels, args.n_mfcc, args.win_ms / 1000.0)
            save_npy_atomic(out, feats)
        except (VideoReadError, ValueError, FileNotFoundError) as e:
            counts['failed'] += 1
            print(f'{vid:40s} failed   {e}')
            continue
        except OSError as e:
            counts['failed'] += 1
            print(f'{vid:40s} failed   {write_error(e)}')
            continue
        counts['written'] += 1
        note = '' if valid.all() else (
            f'; {int((~valid).sum())} features outside the audio track')
        print(f'{vid:40s} written  {feats.shape[0]}x{feats.shape[1]} for '
              f'{frames} frames at {fps:.3f} fps{note}')
    print(f"{len(jobs)} videos: {counts['written']} written, "
          f"{counts['exists']} kept, {counts['failed']} failed -> "
          f"LoadAudioTargets(kind='precomputed', feature_root="
          f"'{args.out_root}', feature_rate={args.rate:g})")
    return 0 if counts['failed'] == 0 else 1
