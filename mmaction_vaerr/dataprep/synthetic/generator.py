"""Write the synthetic dataset in the canonical layout (resumable).

Layout (see :mod:`mmaction_vaerr.datasets.va_annotation`)::

    <root>/videos/s00/v00.mp4     96x96 grey faces, 25 fps, + AAC 16 kHz audio
    <root>/labels/s00/v00.csv     frame,time,arousal,valence,valid
    <root>/splits/train.txt       s00/v00 ... (subject-disjoint splits)
    <root>/EXPR_Recognition_Challenge/s00/v00.txt   expression per frame
    <root>/AU_Detection_Challenge/s00/v00.txt       12 AU flags per frame
    <root>/meta.json              parameters, seed, pixel mean/std, splits

Example:
    >>> from mmaction_vaerr.dataprep.synthetic import \\
    ...     generate_synthetic_dataset
    >>> summary = generate_synthetic_dataset(
    ...     'data/synthetic', num_subjects=16, videos_per_subject=4,
    ...     num_frames=(200, 300), splits=dict(train=10, val=3, test=3))
"""
from __future__ import annotations

import json
import os
import os.path as osp
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Dict, Optional, Union

import numpy as np

from ...io import DatasetLayout, write_json_atomic
from ...io.face_video import AUDIO_CODEC, pick_video_codec, write_face_video
from ...datasets.annotations.affwild2_expr_au import (write_affwild2_au_txt,
                                                      write_affwild2_expr_txt)
from ...datasets.va_annotation import (VAAnnotation, read_va_csv, write_split,
                                       write_va_csv)
from .clip import FrameCount, clip_length, frame_stats, synthesize_clip
from .splits import resolve_splits

GENERATOR_VERSION = 1
_NAME = 'mmaction_vaerr.dataprep.synthetic'
DEFAULT_SPLITS = dict(train=0.6, val=0.2, test=0.2)
# Parameters that change the content of a video; a root generated with
# other values cannot be resumed.
_CONTENT_KEYS = ('version', 'seed', 'num_frames', 'fps', 'size',
                 'time_scale', 'with_audio', 'sample_rate', 'crf')


def _id_width(n: int) -> int:
    return max(2, len(str(max(n - 1, 0))))


EXPR_DIR = 'EXPR_Recognition_Challenge'
AU_DIR = 'AU_Detection_Challenge'


def _has_face_labels(root: str, vid: str) -> bool:
    return all(osp.isfile(osp.join(root, d, vid + '.txt'))
               for d in (EXPR_DIR, AU_DIR))


def _is_complete(root: str, vid: str, num_frames: int) -> bool:
    video = DatasetLayout(root).video(vid)
    label = DatasetLayout(root).label(vid)
    if not (osp.isfile(video) and osp.isfile(label)):
        return False
    try:
        return len(read_va_csv(label)) == num_frames
    except ValueError:
        return False


def _make_video(job: dict) -> dict:
    """Render, encode and label one video (runs in a worker process too)."""
    p = job['params']
    clip = synthesize_clip(p['seed'], job['subject'], job['video'],
                           p['num_frames'], p['fps'], p['size'],
                           p['time_scale'], p['with_audio'], p['sample_rate'])
    if job['write'] or job.get('write_face_labels', True):
        # Aff-Wild2 EXPR / AU layout, read by FrameLabelDataset (new files;
        # videos and CSVs of earlier roots stay as they are)
        write_affwild2_expr_txt(
            osp.join(job['root'], EXPR_DIR, job['vid'] + '.txt'), clip.expr)
        write_affwild2_au_txt(
            osp.join(job['root'], AU_DIR, job['vid'] + '.txt'), clip.au)
    if job['write']:
        layout = DatasetLayout(job['root'])
        write_face_video(layout.video(job['vid']), clip.frames, p['fps'],
                         clip.audio, p['sample_rate'], p['crf'])
        ann = VAAnnotation(arousal=clip.va[:, 0], valence=clip.va[:, 1],
                           valid=np.ones(len(clip.va), bool), fps=p['fps'])
        write_va_csv(layout.label(job['vid']), ann)
    s, ss, n = frame_stats(clip.frames)
    return dict(frames=len(clip.va), sum=s, sumsq=ss, count=n)


def _check_resumable(root: str, params: dict, overwrite: bool) -> dict:
    """Per-video stats of an earlier run with the same content params."""
    path = osp.join(root, 'meta.json')
    if not osp.isfile(path) or overwrite:
        return {}
    with open(path) as f:
        old = json.load(f)
    old_p = old.get('params', {})
    # compare JSON round-trips by value (25 == 25.0, tuples == lists)
    diff = {k: (old_p.get(k), params[k]) for k in _CONTENT_KEYS
            if json.loads(json.dumps(old_p.get(k))) !=
            json.loads(json.dumps(params[k]))}
    if diff:
        raise ValueError(f'{path}: {root} was generated with other '
                         f'parameters (old, new): {diff}; use another root '
                         'or overwrite=True')
    return old.get('videos', {})


def generate_synthetic_dataset(
        root: str, num_subjects: int = 16, videos_per_subject: int = 4,
        num_frames: FrameCount = (200, 300), fps: float = 25,
        size: int = 96, seed: int = 0,
        splits: Optional[Dict[str, Union[int, float]]] = None,
        with_audio: bool = True, sample_rate: int = 16000,
        time_scale: float = 4.0, crf: int = 12, overwrite: bool = False,
        num_workers: int = 0) -> dict:
    """Generate (or complete) a synthetic arousal/valence face dataset.

    Videos whose mp4 and complete CSV already exist are kept (their content
    is a pure function of the parameters), so an interrupted run resumes and
    adding subjects only renders the new ones.

    Args:
        root: output folder.
        num_subjects: number of identities (``s00``, ``s01``, ...).
        videos_per_subject: videos per identity (``v00``, ...).
        num_frames: frames per video, or an inclusive ``(min, max)`` range.
        fps: frame rate.
        size: frame side in pixels.
        seed: dataset seed (non-negative).
        splits: ``{name: subject count or fraction}``, filled with
            consecutive subjects (subject-disjoint); default 60/20/20 %
            train/val/test.
        with_audio: add a 16 kHz AAC audio track.
        sample_rate: audio sample rate in Hz.
        time_scale: seconds; period of the fastest emotion component.
        crf: libx264 quality (lower is better).
        overwrite: regenerate everything, even with other parameters.
        num_workers: worker processes (0 = in this process).

    Returns:
        Summary dict: ``num_videos``, ``frames``, ``seconds``, ``splits``
        (per split: subjects, videos, frames, seconds), ``generated``,
        ``skipped``, ``elapsed_s``, ``pixel_mean``, ``pixel_std``,
        ``video_codec``.
    """
    if num_subjects < 1 or videos_per_subject < 1:
        raise ValueError('num_subjects and videos_per_subject must be >= 1')
    if seed < 0 or size < 8 or size % 2 or fps <= 0:
        raise ValueError(f'bad seed={seed}, size={size} (even, >= 8) or '
                         f'fps={fps}')
    t0 = time.time()
    nf = int(num_frames) if np.isscalar(num_frames) else \
        [int(x) for x in num_frames]
    params = dict(version=GENERATOR_VERSION, seed=int(seed), num_frames=nf,
                  fps=float(fps), size=int(size),
                  time_scale=float(time_scale),
                  with_audio=bool(with_audio), sample_rate=int(sample_rate),
                  crf=int(crf), num_subjects=int(num_subjects),
                  videos_per_subject=int(videos_per_subject))
    split_subjects = resolve_splits(splits or DEFAULT_SPLITS, num_subjects)
    old_stats = _check_resumable(root, params, overwrite)
    # Record the parameters first, so an interrupted run is resumable.
    write_json_atomic(osp.join(root, 'meta.json'),
                      dict(generator=_NAME, params=params, videos=old_stats))
    ws, wv = _id_width(num_subjects), _id_width(videos_per_subject)
    jobs = []
    for s in range(num_subjects):
        for v in range(videos_per_subject):
            vid = f's{s:0{ws}d}/v{v:0{wv}d}'
            t = clip_length(seed, s, v, nf)
            done = not overwrite and _is_complete(root, vid, t)
            labels = not overwrite and _has_face_labels(root, vid)
            jobs.append(dict(root=root, vid=vid, subject=s, video=v,
                             params=params, write=not done,
                             write_face_labels=not labels))
    todo = [j for j in jobs if j['write'] or j['write_face_labels'] or
            j['vid'] not in old_stats]
    if num_workers > 0 and len(todo) > 1:
        with ProcessPoolExecutor(num_workers) as pool:
            results = list(pool.map(_make_video, todo))
    else:
        results = [_make_video(j) for j in todo]
    stats = dict(old_stats)
    stats.update({j['vid']: r for j, r in zip(todo, results)})
    stats = {j['vid']: stats[j['vid']] for j in jobs}
    return _finish(root, params, jobs, stats, split_subjects, ws,
                   generated=sum(j['write'] for j in jobs), t0=t0)


def _finish(root, params, jobs, stats, split_subjects, ws, generated, t0):
    """Write splits and meta.json; build the summary.

    ``pixel_mean`` / ``pixel_std`` are over the rendered frames (pixel / 255)
    of every video, for the data preprocessor's normalisation.
    """
    fps = params['fps']
    summary_splits = {}
    for name, subjects in split_subjects.items():
        ids = [j['vid'] for j in jobs if j['subject'] in subjects]
        split_file = DatasetLayout(root).split(name)
        if ids:
            write_split(split_file, ids)
        elif osp.isfile(split_file):     # stale list of an earlier run
            os.remove(split_file)
        frames = sum(stats[i]['frames'] for i in ids)
        summary_splits[name] = dict(
            subjects=[f's{s:0{ws}d}' for s in subjects], videos=len(ids),
            frames=frames, seconds=round(frames / fps, 2))
    total = sum(v['count'] for v in stats.values())
    mean = sum(v['sum'] for v in stats.values()) / total
    var = sum(v['sumsq'] for v in stats.values()) / total - mean ** 2
    frames = sum(v['frames'] for v in stats.values())
    meta = dict(generator=_NAME,
                params=params, seed=params['seed'],
                pixel_mean=round(mean, 5), pixel_std=round(var ** 0.5, 5),
                video_codec=pick_video_codec(),
                audio_codec=AUDIO_CODEC if params['with_audio'] else None,
                splits={k: v['subjects'] for k, v in summary_splits.items()},
                num_videos=len(jobs), frames=frames, videos=stats)
    write_json_atomic(osp.join(root, 'meta.json'), meta)
    return dict(root=root, num_videos=len(jobs), frames=frames,
                seconds=round(frames / fps, 2), splits=summary_splits,
                generated=generated, skipped=len(jobs) - generated,
                elapsed_s=round(time.time() - t0, 2),
                pixel_mean=meta['pixel_mean'], pixel_std=meta['pixel_std'],
                video_codec=meta['video_codec'])
