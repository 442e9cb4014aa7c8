"""Cached face sources: detect once, then read the JSON table.

The cache key is the SHA-1 of every input file (name and bytes) and of the
detection settings, so changed photos or settings are detected again and a
moved folder is not.
"""
from __future__ import annotations

import hashlib
import json
import os
import os.path as osp
from dataclasses import asdict
from typing import List, Optional, Sequence

from ...io.atomic import write_json_atomic
from .sources import FaceSource, detect_sources, list_inputs

CACHE_VERSION = 1


def _fingerprint(files: Sequence[str], settings: dict) -> str:
    h = hashlib.sha1(json.dumps(dict(settings, v=CACHE_VERSION),
                                sort_keys=True).encode())
    for p in files:
        h.update(osp.basename(p).encode())
        with open(p, 'rb') as f:
            h.update(hashlib.sha1(f.read()).digest())
    return h.hexdigest()


def default_cache_dir() -> str:
    base = os.environ.get('XDG_CACHE_HOME', osp.expanduser('~/.cache'))
    return osp.join(base, 'mmaction_vaerr', 'realface')


def load_sources(photo_dir: Optional[str], clip_dir: Optional[str] = None,
                 cache_dir: Optional[str] = None, min_width: int = 64,
                 clip_frames: int = 3) -> List[FaceSource]:
    """Faces of ``photo_dir`` (+ frames of ``clip_dir``), cached.

    Args:
        photo_dir: folder of photos (``.jpg``/``.png``).
        clip_dir: optional folder of clips; ``clip_frames`` evenly spaced
            frames of each give one face each (the largest).
        cache_dir: where the JSON cache lives (default
            ``~/.cache/mmaction_vaerr/realface``; ``''`` disables it).
        min_width: smallest detection box width kept, in pixels.
        clip_frames: frames sampled per clip.
    """
    files = list_inputs(photo_dir, clip_dir)
    if not files:
        raise ValueError(f'no photos or clips in {photo_dir}, {clip_dir}')
    settings = dict(min_width=min_width, clip_frames=clip_frames)
    key = _fingerprint(files, settings)
    cache_dir = default_cache_dir() if cache_dir is None else cache_dir
    path = osp.join(cache_dir, f'faces_{key[:16]}.json') if cache_dir \
        else None
    if path and osp.isfile(path):
        with open(path) as f:
            faces = [FaceSource(**d) for d in json.load(f)['faces']]
        # same content, maybe another folder: point at the files given now
        where = {osp.basename(p): osp.abspath(p) for p in files}
        for face in faces:
            face.path = where[osp.basename(face.path)]
        return faces
    errors: list = []
    faces = detect_sources(files, min_width, clip_frames, errors=errors)
    if not faces:
        raise ValueError(f'no face of >= {min_width} px found in {files[:3]}'
                         f'... ({len(files)} files)')
    if path:
        write_json_atomic(path, dict(key=key, errors=errors,
                                     faces=[asdict(x) for x in faces]),
                          indent=None)
    return faces
