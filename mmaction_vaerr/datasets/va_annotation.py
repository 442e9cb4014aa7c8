"""The project's canonical per-video arousal/valence annotation.

Every dataset (SEWA, RECOLA, Aff-Wild2, AFEW-VA, the synthetic set) is
converted to one CSV per video with one row per *video frame*::

    frame,time,arousal,valence,valid
    0,0.0000,0.125000,-0.050000,1
    1,0.0400,0.131000,-0.048000,1
    2,0.0800,0.000000,0.000000,0

``frame`` counts from 0 and must be consecutive; ``time`` is in seconds
(``frame / fps``); ``arousal`` and ``valence`` are in [-1, 1]; ``valid`` is 1
when the frame has a trustworthy label *and* a face, 0 otherwise (invalid
frames never contribute to a loss or a metric).

A dataset root holds::

    <root>/videos/<video_id>.mp4         face-aligned grayscale clips, or
    <root>/frames/<video_id>/00001.png   one image per frame (1-based names)
    <root>/labels/<video_id>.csv         the CSV above, one row per frame
    <root>/landmarks/<video_id>.npy      optional (T, 68, 2) float32 landmarks
    <root>/splits/<split>.txt            one video_id per line, '#' comments

``video_id`` may contain ``/`` (``subject_03/video_01``); the first path
component is the subject used for subject-disjoint splits.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from typing import List, Optional

import numpy as np

from ..io.atomic import atomic_write

DIMS = ('arousal', 'valence')
HEADER = ['frame', 'time', 'arousal', 'valence', 'valid']


@dataclass
class VAAnnotation:
    """Per-frame arousal/valence labels of one video.

    Args:
        arousal: (T,) float array in [-1, 1].
        valence: (T,) float array in [-1, 1].
        valid: (T,) bool array, False where the frame must be ignored.
        fps: frame rate of the video the labels are aligned to.
    """

    arousal: np.ndarray
    valence: np.ndarray
    valid: np.ndarray
    fps: float = 25.0
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.arousal = np.asarray(self.arousal, dtype=np.float32)
        self.valence = np.asarray(self.valence, dtype=np.float32)
        self.valid = np.asarray(self.valid, dtype=bool)
        n = len(self.arousal)
        if len(self.valence) != n or len(self.valid) != n:
            raise ValueError(
                f'arousal/valence/valid lengths differ: {n}, '
                f'{len(self.valence)}, {len(self.valid)}')
        if self.fps <= 0:
            raise ValueError(f'fps must be positive, got {self.fps}')

    def __len__(self) -> int:
        return len(self.arousal)

    @property
    def va(self) -> np.ndarray:
        """(T, 2) array in the project's dimension order (arousal, valence)."""
        return np.stack([self.arousal, self.valence], axis=1)

    @property
    def times(self) -> np.ndarray:
        return np.arange(len(self), dtype=np.float64) / self.fps


def write_va_csv(path: str, ann: VAAnnotation) -> None:
    """Write ``ann`` to ``path`` in the canonical CSV format (atomically).

    A failed write leaves the previous file (if any) as it was.
    """
    try:
        with atomic_write(path) as tmp, open(tmp, 'w', newline='') as f:
            w = csv.writer(f)
            w.writerow(HEADER)
            for i in range(len(ann)):
                ok = bool(ann.valid[i])
                a = float(ann.arousal[i]) if ok else 0.0
                v = float(ann.valence[i]) if ok else 0.0
                w.writerow([i, f'{i / ann.fps:.4f}', f'{a:.6f}', f'{v:.6f}',
                            int(ok)])
    except OSError as e:  # disk full, read-only folder: name the file
        raise OSError(e.errno, f'{path}: cannot write the labels '
                      f'({e.strerror or e})') from e


def apply_face_mask(ann: VAAnnotation, face_mask: np.ndarray,
                    max_length_diff: int = 5) -> VAAnnotation:
    """Invalidate the labels of frames without a face.

    Label converters call this after resampling labels to the video frames:
    ``valid = label_valid & face_mask``. Label frames past the end of the
    mask count as faceless; a few frames of length difference (containers
    disagree by a frame or two) are tolerated.

    Raises:
        ValueError: the lengths differ by more than ``max_length_diff``.
    """
    face_mask = np.asarray(face_mask, bool)
    if abs(len(face_mask) - len(ann)) > max_length_diff:
        raise ValueError(f'face mask has {len(face_mask)} frames but the '
                         f'labels have {len(ann)}; not the same video?')
    mask = np.zeros(len(ann), bool)
    k = min(len(ann), len(face_mask))
    mask[:k] = face_mask[:k]
    return VAAnnotation(ann.arousal, ann.valence, ann.valid & mask,
                        fps=ann.fps, extra=dict(ann.extra))


COMMON_FPS = (23.976, 24.0, 25.0, 29.97, 30.0, 48.0, 50.0, 59.94, 60.0)


def infer_fps(times: np.ndarray) -> float:
    """Frame rate from the ``time`` column (rounded to 4 decimals).

    Uses the whole span, ``(n - 1) / (t[-1] - t[0])``, and snaps to a common
    video rate (the nearest, if within 0.2 %: the 4-decimal rounding of short
    files).
    """
    span = float(times[-1] - times[0])
    if span <= 0:
        raise ValueError('time column does not increase')
    fps = (len(times) - 1) / span
    nearest = min(COMMON_FPS, key=lambda c: abs(fps - c))
    if abs(fps - nearest) <= 0.002 * nearest:
        return nearest
    return round(fps, 3)


def read_va_csv(path: str, fps: Optional[float] = None) -> VAAnnotation:
    """Read a canonical CSV, checking the header, frame order and ranges.

    The file is UTF-8; a leading byte-order mark is accepted.

    Args:
        path: the CSV file.
        fps: frame rate; inferred from the ``time`` column when None.

    Raises:
        ValueError: naming the file and line of the first problem.
    """
    try:  # utf-8-sig: a byte-order mark is dropped, as the converters do
        with open(path, newline='', encoding='utf-8-sig') as f:
            rows: List[List[str]] = list(csv.reader(f))
    except UnicodeDecodeError as e:
        raise ValueError(f'{path}: not UTF-8 text ({e.reason} at byte '
                         f'{e.start})') from None
    if not rows or [c.strip() for c in rows[0]] != HEADER:
        got = rows[0] if rows else 'an empty file'
        raise ValueError(f'{path}:1: expected header {",".join(HEADER)}, '
                         f'got {got}')
    body = rows[1:]
    n = len(body)
    arr = np.zeros((n, 4), dtype=np.float64)
    for i, row in enumerate(body):
        line = i + 2
        if len(row) != 5:
            raise ValueError(f'{path}:{line}: expected 5 columns, '
                             f'got {len(row)}: {row}')
        try:
            frame = int(row[0])
            arr[i] = [float(row[1]), float(row[2]), float(row[3]),
                      float(row[4])]
        except ValueError as e:
            raise ValueError(f'{path}:{line}: not a number: {e}') from None
        if frame != i:
            raise ValueError(f'{path}:{line}: frame {frame} out of order '
                             f'(expected {i}); labels would be shifted')
    valid = arr[:, 3] > 0.5
    va = arr[:, 1:3]
    nonfinite = valid & ~np.isfinite(va).all(axis=1)
    if nonfinite.any():
        line = int(np.argmax(nonfinite)) + 2
        raise ValueError(f'{path}:{line}: non-finite arousal/valence in a '
                         f'valid row: {va[nonfinite][0].tolist()}')
    bad = valid & (np.abs(va) > 1.0 + 1e-6).any(axis=1)
    if bad.any():
        line = int(np.argmax(bad)) + 2
        raise ValueError(f'{path}:{line}: arousal/valence outside [-1, 1]: '
                         f'{va[bad][0].tolist()}')
    if fps is None:
        fps = infer_fps(arr[:, 0]) if n > 1 else 25.0
    return VAAnnotation(arousal=va[:, 0], valence=va[:, 1], valid=valid,
                        fps=fps)


def read_split(path: str) -> List[str]:
    """Read a split file: one video_id per line; blanks and '#' ignored."""
    ids = []
    with open(path, encoding='utf-8-sig') as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if line:
                ids.append(line)
    if not ids:
        raise ValueError(f'{path}: split file lists no videos')
    return ids


def write_split(path: str, video_ids: List[str]) -> None:
    """Write a split file (one video id a line), atomically."""
    with atomic_write(path) as tmp, open(tmp, 'w') as f:
        f.write('\n'.join(video_ids) + '\n')
