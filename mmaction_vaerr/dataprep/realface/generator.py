"""Write the real-face set in the canonical layout and/or Aff-Wild2's.

Canonical layout (as the cartoon set, :mod:`..synthetic.generator`)::

    <root>/videos/s00/v00.mp4      96x96 grey, 25 fps, + AAC 16 kHz audio
    <root>/labels/s00/v00.csv      frame,time,arousal,valence,valid
    <root>/splits/{train,val,test}.txt   person-disjoint
    <root>/subjects.csv            video_id,subject (for make_splits.py)
    <root>/meta.json               parameters, persons per subject, splits

Aff-Wild2 layout (:mod:`.affwild2_writer`)::

    <root>/cropped_aligned/s00-v00/00001.jpg   112x112 RGB
    <root>/VA_Estimation_Challenge/Train_Set/s00-v00.txt   valence,arousal

Example:
    >>> from mmaction_vaerr.dataprep.realface import \\
    ...     generate_realface_dataset
    >>> summary = generate_realface_dataset(
    ...     'data/realface', num_subjects=40, videos_per_subject=2,
    ...     num_frames=250)
"""
from __future__ import annotations

import os.path as osp
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Dict, Optional, Sequence, Union

import numpy as np
from threadpoolctl import threadpool_limits

from ..synthetic.clip import frame_stats
from ...io.atomic import atomic_write, write_json_atomic
from ...io.face_video import write_face_video
from ...io.layout import DatasetLayout
from ...datasets.va_annotation import VAAnnotation, write_split, write_va_csv
from .affwild2_writer import AFFWILD2_SETS, write_affwild2_video
from .clip import synthesize_clip
from .plan import person_groups, plan_dataset
from .render import WARPS
from .subjects import subject_texture
from .texture import Canvas

GENERATOR_VERSION = 1
_NAME = 'mmaction_vaerr.dataprep.realface'
LAYOUTS = ('canonical', 'affwild2')
#: ``warp`` choices: one animation method for every video, or ``'mix'``
#: (each video draws one, half and half, from its own seeded stream)
WARP_CHOICES = WARPS + ('mix', )
_WARP_SALT = 0x7B5


def video_warp(warp: str, seed: int, subject: int, video: int) -> str:
    """The animation method of one video (see :data:`WARP_CHOICES`)."""
    if warp != 'mix':
        return warp
    rng = np.random.default_rng([seed, _WARP_SALT, subject, video])
    return WARPS[int(rng.integers(len(WARPS)))]


def _one_blas_thread() -> None:
    """Worker initialiser: the workers are the parallelism, so each keeps
    one BLAS thread (with a threaded BLAS per worker the thin-plate-spline
    warp ran 20x slower on 2 cores)."""
    threadpool_limits(1)


def _make_video(job: dict) -> dict:
    p = job['params']
    canvas = Canvas()
    tex = subject_texture(job['spec'], job['video'], canvas)
    outputs = []
    if 'canonical' in p['layouts']:
        outputs.append(('canonical', p['size']))
    if 'affwild2' in p['layouts']:
        outputs.append(('affwild2', p['affwild2_size']))
    clip = synthesize_clip(
        tex, p['seed'], job['spec'].index, job['video'], p['num_frames'],
        p['fps'], p['time_scale'], canvas, outputs, p['with_audio'],
        p['sample_rate'], job['spec'].voice_f0,
        occlusion_prob=p['occlusion_prob'],
        warp=video_warp(p['warp'], p['seed'], job['spec'].index,
                        job['video']))
    root = job['root']
    stats = dict(frames=len(clip.va), **clip.info)
    if 'canonical' in p['layouts']:
        layout = DatasetLayout(root)
        write_face_video(layout.video(job['vid']),
                         clip.frames['canonical'], p['fps'], clip.audio,
                         p['sample_rate'], p['crf'])
        write_va_csv(layout.label(job['vid']),
                     VAAnnotation(arousal=clip.va[:, 0],
                                  valence=clip.va[:, 1],
                                  valid=np.ones(len(clip.va), bool),
                                  fps=p['fps']))
        s, ss, n = frame_stats(clip.frames['canonical'])
        stats.update(sum=s, sumsq=ss, count=n)
    if 'affwild2' in p['layouts']:
        stats['affwild2'] = write_affwild2_video(
            root, AFFWILD2_SETS[job['spec'].split], job['vid'].replace(
                '/', '-'), clip.frames['affwild2'], clip.va,
            np.random.default_rng([p['seed'], job['spec'].index,
                                   job['video'], 0xAF2]),
            p['affwild2_invalid'])
    return stats


def generate_realface_dataset(
        root: str, num_subjects: int = 40, videos_per_subject: int = 2,
        num_frames: int = 250, fps: float = 25.0, size: int = 96,
        seed: int = 0,
        splits: Optional[Dict[str, Union[int, float]]] = None,
        photo_dir: Optional[str] = None, clip_dir: Optional[str] = None,
        cache_dir: Optional[str] = None,
        layouts: Sequence[str] = ('canonical', ),
        with_audio: bool = True, sample_rate: int = 16000,
        time_scale: float = 4.0, crf: int = 12, occlusion_prob: float = 0.3,
        affwild2_size: int = 112, affwild2_invalid: float = 0.02,
        warp: str = 'affine', overwrite: bool = False,
        num_workers: int = 0) -> dict:
    """Generate the real-face arousal/valence set.

    Args:
        root: output folder.
        num_subjects: animated identities (``s00``, ...), built from the
            real persons (see :mod:`.subjects`).
        videos_per_subject: videos per identity.
        num_frames: frames per video.
        fps: frame rate.
        size: side of the canonical grey frames.
        seed: dataset seed.
        splits: ``{name: subject count or fraction}``; persons are split
            in the same proportions. Default 60/20/20 % train/val/test.
        photo_dir: folder of face photos (default
            ``../shared/data/face_images`` next to the repository).
        clip_dir: folder of clips whose frames add faces (default
            ``../shared/data/real_clips``; ``''`` for none).
        cache_dir: landmark cache folder (see :func:`.cache.load_sources`).
        layouts: any of ``'canonical'`` and ``'affwild2'``.
        with_audio, sample_rate: the audio track (canonical layout).
        time_scale: seconds; speed of the emotion trajectories.
        crf: libx264 quality of the written canonical videos (the H.264
            degradation itself is drawn per video, crf 18-32).
        occlusion_prob: probability of an occlusion event per video.
        affwild2_size: side of the Aff-Wild2 crops.
        affwild2_invalid: fraction of Aff-Wild2 frames made invalid (no
            face image or a ``-5`` label), as in the release.
        warp: animation method: ``'affine'`` (piecewise-affine over the
            landmark mesh, the default), ``'tps'`` (a thin-plate spline
            through the same points: the same labels and landmark motion,
            a different texture flow, for testing a model across animation
            methods) or ``'mix'`` (per video, half and half).
        overwrite: replace an existing dataset in ``root``.
        num_workers: worker processes (0 = in this process).

    Returns:
        Summary dict (``num_videos``, ``frames``, ``splits`` with their
        subjects and persons, ``elapsed_s``, ``pixel_mean``/``pixel_std``
        of the canonical frames, ``persons``).
    """
    t0 = time.time()
    layouts = tuple(layouts)
    bad = [x for x in layouts if x not in LAYOUTS]
    if bad or not layouts:
        raise ValueError(f'layouts must be a non-empty subset of {LAYOUTS}, '
                         f'got {layouts}')
    if num_subjects < 1 or videos_per_subject < 1 or num_frames < 2:
        raise ValueError('num_subjects, videos_per_subject >= 1 and '
                         'num_frames >= 2 are required')
    if warp not in WARP_CHOICES:
        raise ValueError(
            f'warp must be one of {WARP_CHOICES}, got {warp!r}')
    if seed < 0 or size < 8 or size % 2 or fps <= 0:
        raise ValueError(f'bad seed={seed}, size={size} (even, >= 8) or '
                         f'fps={fps}')
    meta_path = osp.join(root, 'meta.json')
    if osp.isfile(meta_path) and not overwrite:
        raise FileExistsError(f'{meta_path} exists: {root} already holds a '
                              'dataset; use another root or overwrite=True')
    specs = plan_dataset(num_subjects, seed, splits, photo_dir, clip_dir,
                         cache_dir)
    params = dict(version=GENERATOR_VERSION, seed=int(seed),
                  num_frames=int(num_frames), fps=float(fps), size=int(size),
                  time_scale=float(time_scale), with_audio=bool(with_audio),
                  sample_rate=int(sample_rate), crf=int(crf),
                  occlusion_prob=float(occlusion_prob),
                  affwild2_size=int(affwild2_size),
                  affwild2_invalid=float(affwild2_invalid), layouts=layouts,
                  warp=warp,
                  num_subjects=int(num_subjects),
                  videos_per_subject=int(videos_per_subject))
    ws = max(2, len(str(num_subjects - 1)))
    wv = max(2, len(str(videos_per_subject - 1)))
    jobs = [dict(root=root, spec=spec, video=v, params=params,
                 vid=f's{spec.index:0{ws}d}/v{v:0{wv}d}')
            for spec in specs for v in range(videos_per_subject)]
    if num_workers > 0 and len(jobs) > 1:
        with ProcessPoolExecutor(num_workers,
                                 initializer=_one_blas_thread) as pool:
            results = list(pool.map(_make_video, jobs, chunksize=1))
    else:
        results = [_make_video(j) for j in jobs]
    return _finish(root, params, jobs, results, specs, ws, t0)


def _finish(root, params, jobs, results, specs, ws, t0):
    fps = params['fps']
    stats = {j['vid']: r for j, r in zip(jobs, results)}
    summary_splits, subjects_of = {}, {}
    split_names = sorted({s.split for s in specs},
                         key=[s.split for s in specs].index)
    for name in split_names:
        ids = [j['vid'] for j in jobs if j['spec'].split == name]
        subs = [s for s in specs if s.split == name]
        if 'canonical' in params['layouts']:
            write_split(DatasetLayout(root).split(name), ids)
        frames = sum(stats[i]['frames'] for i in ids)
        summary_splits[name] = dict(
            subjects=[f's{s.index:0{ws}d}' for s in subs],
            persons=sorted({p for s in subs for p in s.persons}),
            videos=len(ids), frames=frames, seconds=round(frames / fps, 2))
    group = person_groups(specs)
    for j in jobs:
        subjects_of[j['vid']] = group[j['spec'].person]
    meta = dict(generator=_NAME, params=params, seed=params['seed'],
                splits={k: v['subjects'] for k, v in summary_splits.items()},
                split_persons={k: v['persons']
                               for k, v in summary_splits.items()},
                subjects={f's{s.index:0{ws}d}': dict(
                    split=s.split, persons=s.persons, mirrored=s.mirrored,
                    morph_weight=round(s.morph_weight, 3),
                    photos=[f.key for f in s.faces]) for s in specs},
                num_videos=len(jobs), videos=stats)
    out = dict(root=root, num_videos=len(jobs),
               frames=sum(r['frames'] for r in results),
               splits=summary_splits, persons=len({p for s in specs
                                                   for p in s.persons}))
    if 'canonical' in params['layouts']:
        total = sum(r['count'] for r in results)
        mean = sum(r['sum'] for r in results) / total
        var = sum(r['sumsq'] for r in results) / total - mean ** 2
        meta.update(pixel_mean=round(mean, 5), pixel_std=round(var ** 0.5, 5))
        out.update(pixel_mean=meta['pixel_mean'], pixel_std=meta['pixel_std'])
        with atomic_write(osp.join(root, 'subjects.csv')) as tmp, \
                open(tmp, 'w') as f:
            f.write('video_id,subject\n')
            for vid, sub in subjects_of.items():
                f.write(f'{vid},{sub}\n')
    out['seconds'] = round(out['frames'] / fps, 2)
    out['elapsed_s'] = round(time.time() - t0, 2)
    meta['elapsed_s'] = out['elapsed_s']
    write_json_atomic(osp.join(root, 'meta.json'), meta)
    return out
