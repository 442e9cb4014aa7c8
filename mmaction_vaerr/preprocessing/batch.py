"""Preprocess every video under a directory: parallel, resumable, summarised.

A video is finished when its status file
``<out_root>/preprocess_status/<video_id>.json`` exists; it is written
(atomically) only after the video's outputs were renamed into place, so a run
that is killed loses nothing finished and a rerun skips finished videos.
Unreadable, truncated or empty files are reported by name and skipped, and
so is a video whose output name already holds a file that this tool did not
write for it (unless ``overwrite``; see :mod:`.outputs`). The summary goes
to ``<out_root>/preprocess_summary.json``.
"""
from __future__ import annotations

import glob
import json
import multiprocessing as mp
import os
import os.path as osp
import re
import time
from typing import Dict, List, Optional, Tuple

from ..io import (VIDEO_EXTS, DatasetLayout, VideoReadError,
                  write_json_atomic)
from .backends import build_backend
from .outputs import OutputExistsError
from .pipeline import output_paths, preprocess_video

STATUS_DIR = 'preprocess_status'
SUMMARY_FILE = 'preprocess_summary.json'
FINISHED = ('ok', 'no_face')

_worker: dict = {}


def find_videos(in_dir: str, exts: Tuple[str, ...] = VIDEO_EXTS,
                exclude: Optional[str] = None) -> List[Tuple[str, str]]:
    """``(path, video_id)`` of the videos under ``in_dir``, sorted.

    ``video_id`` is the path relative to ``in_dir`` without extension,
    with ``/`` separators (``subject_01/clip_02``). Folders at or under
    ``exclude`` (e.g. the output root) are not searched.
    """
    found = []
    skip = osp.realpath(exclude) if exclude else None
    for root, dirs, files in os.walk(in_dir):
        if skip and (osp.realpath(root) + os.sep).startswith(skip + os.sep):
            dirs[:] = []
            continue
        dirs.sort()
        for name in sorted(files):
            if osp.splitext(name)[1].lower() in exts:
                path = osp.join(root, name)
                rel = osp.splitext(osp.relpath(path, in_dir))[0]
                found.append((path, rel.replace(os.sep, '/')))
    return found


def status_path(out_root: str, video_id: str) -> str:
    return osp.join(out_root, STATUS_DIR, video_id + '.json')


def read_status(out_root: str, video_id: str) -> Optional[dict]:
    """The finished record of ``video_id``, or None if it must be (re)done."""
    path = status_path(out_root, video_id)
    try:
        with open(path) as f:
            rec = json.load(f)
    except (OSError, ValueError):
        return None
    if rec.get('status') not in FINISHED:
        return None
    if rec['status'] == 'ok' and not all(
            osp.isfile(p) for p in output_paths(out_root, video_id).values()):
        return None
    return rec


_TMP_NAME = re.compile(r'\.(mp4|npy|json)\.tmp[0-9]+$')


def _remove_stale_tmp(out_root: str) -> None:
    """Delete temporary files left by a killed run (only names of the form
    this tool writes: ``<output>.<mp4|npy|json>.tmp<pid>``)."""
    for sub in (DatasetLayout.VIDEOS, DatasetLayout.LANDMARKS,
                DatasetLayout.FACE_MASKS, STATUS_DIR):
        pattern = osp.join(out_root, sub, '**', '*.tmp[0-9]*')
        for path in glob.glob(pattern, recursive=True):
            if _TMP_NAME.search(path) and osp.isfile(path):
                os.remove(path)


def write_error(err: OSError) -> str:
    """A one-line reason for a failed write, naming the file."""
    where = err.filename or 'the output'
    why = err.strerror or str(err)
    return f'cannot write {where}: {why}'



def _context():
    """Workers are forked from a fresh single-threaded server process.

    Forking this process directly can deadlock the children once it runs
    library threads (OpenMP, OpenCV, FFmpeg, CUDA); ``forkserver`` imports
    this module once and forks cleanly (``spawn`` where it is missing).
    """
    if 'forkserver' in mp.get_all_start_methods():
        ctx = mp.get_context('forkserver')
        ctx.set_forkserver_preload([__name__])
        return ctx
    return mp.get_context('spawn')


def _init_worker(backend: str, options: Optional[dict]) -> None:
    import cv2
    cv2.setNumThreads(1)
    _worker['backend'], _ = build_backend(backend, options)


def _run_one(job: Tuple[str, str, str, dict]) -> dict:
    path, video_id, out_root, kwargs = job
    try:
        rec = preprocess_video(path, out_root, video_id,
                               backend=_worker['backend'], **kwargs)
    except VideoReadError as e:
        return dict(video_id=video_id, path=path, status='failed',
                    reason=e.problem)
    except OutputExistsError as e:
        return dict(video_id=video_id, path=path, status='failed',
                    reason=str(e))
    except OSError as e:  # read-only folder, full disk: nothing was kept
        return dict(video_id=video_id, path=path, status='failed',
                    reason=write_error(e))
    except Exception as e:  # report and carry on with the other videos
        return dict(video_id=video_id, path=path, status='failed',
                    reason=f'{type(e).__name__}: {e}')
    if rec['status'] == 'no_face':
        rec['reason'] = 'no face found in any frame'
    try:
        write_json_atomic(status_path(out_root, video_id), rec)
    except OSError as e:
        rec = dict(rec, status='failed', reason=write_error(e) +
                   ' (outputs written, status not recorded: rerun)')
    return rec


def process_directory(in_dir: str, out_root: str, backend: str = 'auto',
                      workers: int = 1, overwrite: bool = False,
                      progress: bool = True,
                      backend_options: Optional[Dict[str, dict]] = None,
                      **video_kwargs) -> dict:
    """Preprocess every video under ``in_dir`` into ``out_root``.

    Args:
        in_dir: folder searched recursively for :data:`VIDEO_EXTS` files.
        out_root: dataset root (see :func:`preprocess_video`).
        backend: backend name; ``'auto'`` is resolved once, here.
        workers: processes; 1 runs in this process.
        overwrite: redo videos that are already finished, and replace
            existing files at the output names that this tool did not
            write for the same source.
        progress: show a tqdm progress bar.
        backend_options: per-backend arguments for :func:`build_backend`.
        **video_kwargs: :func:`preprocess_video` arguments (``size``,
            ``detect_every``, ``max_frames``, ...).

    Returns:
        The summary (also written to ``<out_root>/preprocess_summary.json``).
    """
    from tqdm import tqdm
    start = time.perf_counter()
    os.makedirs(out_root, exist_ok=True)
    _remove_stale_tmp(out_root)
    records, jobs, seen = [], [], {}
    for path, vid in find_videos(in_dir, exclude=out_root):
        if vid in seen:
            records.append(dict(video_id=vid, path=path, status='failed',
                                reason=f'duplicate video id ({seen[vid]})'))
            continue
        seen[vid] = path
        rec = None if overwrite else read_status(out_root, vid)
        if rec is not None:
            records.append(dict(rec, resumed=True))
        else:
            jobs.append((path, vid, out_root,
                         dict(video_kwargs, overwrite=overwrite)))
    note = None
    if jobs:
        be, note = build_backend(backend, backend_options)
        if progress:
            tqdm.write(note)
        bar = tqdm(total=len(jobs), desc='faces', unit='video',
                   disable=not progress)
        if workers <= 1 or len(jobs) == 1:
            _worker['backend'] = be
            results = map(_run_one, jobs)
            pool = None
        else:
            pool = _context().Pool(min(workers, len(jobs)), _init_worker,
                                   (be.name, backend_options))
            results = pool.imap_unordered(_run_one, jobs)
        try:
            for rec in results:
                records.append(rec)
                bar.set_postfix_str(f"{rec['video_id']}: {rec['status']}")
                bar.update()
        except BaseException:  # Ctrl-C: stop now, finished videos are kept
            if pool is not None:
                pool.terminate()
            raise
        finally:
            bar.close()
            if pool is not None:
                pool.close()
                pool.join()
    summary = summarize(records, note, time.perf_counter() - start)
    write_json_atomic(osp.join(out_root, SUMMARY_FILE), summary)
    return summary


def summarize(records: List[dict], backend_note: Optional[str],
              seconds: float) -> dict:
    """Totals over the per-video records."""
    records = sorted(records, key=lambda r: r['video_id'])
    done = [r for r in records if r['status'] in FINISHED]
    frames = sum(r['frames'] for r in done)
    faces = sum(r['face_frames'] for r in done)
    new_frames = sum(r['frames'] for r in done if not r.get('resumed'))
    return dict(
        backend_note=backend_note, videos=len(records),
        ok=sum(r['status'] == 'ok' for r in records),
        no_face=sum(r['status'] == 'no_face' for r in records),
        failed=sum(r['status'] == 'failed' for r in records),
        resumed=sum(bool(r.get('resumed')) for r in records),
        frames=frames, face_frames=faces,
        face_ratio=faces / frames if frames else 0.0,
        seconds=seconds, frames_per_second=new_frames / max(seconds, 1e-9),
        records=records)


def format_summary(summary: dict) -> str:
    """A printable table of the per-video records and the totals."""
    lines = [f"{'video_id':40s} {'status':8s} {'frames':>6s} {'face%':>6s} "
             f"{'fps':>6s}  reason"]
    for r in summary['records']:
        ok = r['status'] in FINISHED
        face = f"{100 * r['face_ratio']:.1f}" if ok else '-'
        fps = ('resumed' if r.get('resumed') else
               f"{r['frames_per_second']:.0f}") if ok else '-'
        frames = str(r['frames']) if ok else '-'
        lines.append(f"{r['video_id'][:40]:40s} {r['status']:8s} "
                     f"{frames:>6s} {face:>6s} {fps:>6s}  "
                     f"{r.get('reason', '')}")
    lines.append(
        f"{summary['videos']} videos: {summary['ok']} done, "
        f"{summary['no_face']} without a face, {summary['failed']} failed "
        f"({summary['resumed']} finished by an earlier run); faces in "
        f"{100 * summary['face_ratio']:.1f}% of {summary['frames']} frames; "
        f"{summary['seconds']:.1f} s")
    if summary.get('backend_note'):
        lines.append(summary['backend_note'])
    return '\n'.join(lines)


def exit_code(summary: dict) -> int:
    """0 when at least one video produced a training sample, else 1."""
    return 0 if summary['ok'] > 0 else 1
