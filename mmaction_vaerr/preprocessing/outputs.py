"""Where :func:`~.pipeline.preprocess_video` writes, and the rules that keep
user files safe.

A dataset root may already hold files: the user's own data, or an earlier
run's. The rules:

- Nothing that exists is removed or replaced unless ``overwrite`` is given,
  with one exception: outputs that this tool wrote earlier **for the same
  source video and id** (a rerun, or a run killed before it recorded its
  status). The crop video carries that provenance in its ``comment`` tag;
  the ``.npy`` files count as the tool's when the video does.
- The check runs before any work, so a conflict costs nothing, and again
  just before the files are moved into place.
- Every file is written under a temporary name (``<path>.tmp<pid>``) and
  the three outputs are moved into place together only when all are
  complete (video first, so a kill between the renames leaves a video whose
  tag claims the other two). A failure (disk full, read-only folder)
  removes the temporary files and leaves existing files as they were.
"""
from __future__ import annotations

import json
import os
import os.path as osp
from typing import Dict, List, Optional

import numpy as np

from ..io import DatasetLayout
from ..io.atomic import atomic_write, commit_group, temp_name
from ..io.atomic import discard as discard_file

TOOL = 'mmaction_vaerr.preprocess_video'
ORDER = ('video', 'landmarks', 'face_mask')  # commit order


class OutputExistsError(FileExistsError):
    """An output path holds a file this run may not replace.

    Args:
        paths: the files in the way.
        source: the video being processed.
    """

    def __init__(self, paths: List[str], source: str) -> None:
        self.paths = list(paths)
        super().__init__(
            f'{", ".join(paths)} already exist{"s" if len(paths) == 1 else ""}'
            f' and {"was" if len(paths) == 1 else "were"} not written by '
            f'face preprocessing of {source}; not replaced (pass '
            '--overwrite / overwrite=True to replace)')


def output_paths(out_root: str, video_id: str) -> dict:
    """``{'video': ..., 'landmarks': ..., 'face_mask': ...}`` for one id."""
    lay = DatasetLayout(out_root)
    return {'video': lay.video(video_id), 'landmarks': lay.landmarks(video_id),
            'face_mask': lay.face_mask(video_id)}


def provenance(source: str, video_id: str) -> Dict[str, str]:
    """Container tags that mark a crop video as written for ``source``."""
    return {'comment': json.dumps(
        dict(tool=TOOL, source=osp.realpath(source), video_id=video_id))}


def read_provenance(video_path: str) -> Optional[dict]:
    """The provenance record of a crop video, or None (not ours/unreadable)."""
    import av
    try:
        with av.open(video_path) as container:
            tag = container.metadata.get('comment', '')
        rec = json.loads(tag)
    except Exception:
        return None
    return rec if isinstance(rec, dict) and rec.get('tool') == TOOL else None


def owned_by_job(paths: dict, source: str, video_id: str) -> bool:
    """Whether the existing video was written for this source and id."""
    rec = read_provenance(paths['video']) if osp.isfile(paths['video']) \
        else None
    return bool(rec) and rec.get('source') == osp.realpath(source) \
        and rec.get('video_id') == video_id


def check_outputs(paths: dict, source: str, video_id: str,
                  overwrite: bool) -> List[str]:
    """The existing outputs; raises if one may not be replaced.

    Raises:
        OutputExistsError: an output exists, ``overwrite`` is False and the
            files are not this job's own.
    """
    existing = [paths[k] for k in ORDER if osp.lexists(paths[k])]
    if existing and not overwrite and \
            not owned_by_job(paths, source, video_id):
        raise OutputExistsError(existing, source)
    return existing


def save_npy_tmp(path: str, array: np.ndarray) -> str:
    """``np.save`` to ``<path>.tmp<pid>`` (parents created); returns it."""
    os.makedirs(osp.dirname(osp.abspath(path)), exist_ok=True)
    tmp = temp_name(path)
    try:
        with open(tmp, 'wb') as f:
            np.save(f, array)
    except BaseException:
        discard_file(tmp)
        raise
    return tmp


def save_npy_atomic(path: str, array: np.ndarray) -> None:
    """``np.save`` to a temporary name, then rename (never half-written)."""
    with atomic_write(path) as tmp:
        with open(tmp, 'wb') as f:
            np.save(f, array)


def commit(tmps: Dict[str, str], paths: dict) -> None:
    """Move the complete temporary files to their names (video first)."""
    commit_group(tmps, paths, ORDER)


def remove_outputs(paths: dict) -> None:
    """Remove existing outputs, the video last (it holds the provenance)."""
    for key in reversed(ORDER):
        if osp.lexists(paths[key]):
            os.remove(paths[key])
