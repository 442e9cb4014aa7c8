"""Which subject a video belongs to (for subject-disjoint splits).

In order of precedence: the entry in a ``subjects.csv`` map
(``video_id,subject``; the AFEW-VA converter writes the actor there), a
regex whose first group is the subject, or the first path component of the
video id (``subject_03/video_01``; a flat id is its own subject).
"""
from __future__ import annotations

import csv
import os
import re
from typing import Callable, Dict

from ..io import atomic_write


def default_subject_of(video_id: str) -> str:
    """First path component of ``video_id`` (the id itself when flat)."""
    return video_id.split('/', 1)[0]


def regex_subject_of(pattern: str) -> Callable[[str], str]:
    """Subject = first group of ``pattern`` searched in the video id."""
    rx = re.compile(pattern)
    if rx.groups < 1:
        raise ValueError(f'subject regex {pattern!r} needs a capture group')

    def subject_of(video_id: str) -> str:
        m = rx.search(video_id)
        if m is None:
            raise ValueError(f'subject regex {pattern!r} does not match video '
                             f'{video_id!r}')
        return m.group(1)

    return subject_of


def read_subject_map(path: str) -> Dict[str, str]:
    """Read ``video_id,subject`` rows (with that header) from ``path``."""
    with open(path, newline='') as f:
        rows = list(csv.reader(f))
    if not rows or [c.strip() for c in rows[0]] != ['video_id', 'subject']:
        raise ValueError(f'{path}:1: expected header video_id,subject')
    out = {}
    for i, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != 2 or not row[0].strip() or not row[1].strip():
            raise ValueError(f'{path}:{i}: expected video_id,subject, got '
                             f'{row}')
        vid = row[0].strip()
        if vid in out:
            raise ValueError(f'{path}:{i}: video {vid!r} listed twice')
        out[vid] = row[1].strip()
    return out


def update_subject_map(path: str, mapping: Dict[str, str]) -> None:
    """Add or replace entries of a ``subjects.csv`` file."""
    merged = read_subject_map(path) if os.path.isfile(path) else {}
    merged.update(mapping)
    with atomic_write(path) as tmp, open(tmp, 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['video_id', 'subject'])
        for vid in sorted(merged):
            w.writerow([vid, merged[vid]])


def map_subject_of(mapping: Dict[str, str],
                   fallback: Callable[[str], str] = default_subject_of
                   ) -> Callable[[str], str]:
    """Subject from ``mapping``, else from ``fallback``."""
    return lambda vid: mapping[vid] if vid in mapping else fallback(vid)
