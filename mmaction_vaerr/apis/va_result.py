"""Per-frame predictions of one video (:class:`VAResult`) and the face
segments a video is cut into before the temporal model sees it."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

import numpy as np

from ..datasets.va_annotation import HEADER
from ..io import atomic_write


@dataclass
class VAResult:
    """Per-frame predictions for one video.

    Attributes:
        va: (T, 2) predicted (arousal, valence); NaN where ``valid`` is
            False (frames without a face are marked, not invented).
        prob: (T, 2, K) bin probabilities; NaN where ``valid`` is False.
        valid: (T,) bool, True where a face was found.
        fps: frame rate; frame ``t`` is at ``t / fps`` seconds.
        source: the input video path ('' for an array).
        info: face preprocessing summary and the settings used.
    """

    va: np.ndarray
    prob: np.ndarray
    valid: np.ndarray
    fps: float
    source: str = ''
    info: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.valid)

    @property
    def arousal(self) -> np.ndarray:
        return self.va[:, 0]

    @property
    def valence(self) -> np.ndarray:
        return self.va[:, 1]

    @property
    def times(self) -> np.ndarray:
        return np.arange(len(self), dtype=np.float64) / self.fps

    def to_csv(self, path: str) -> None:
        """Write ``frame,time,arousal,valence,valid`` (the columns and order
        of the project's label CSV; predictions of invalid rows are ``nan``).
        """
        with atomic_write(path) as tmp, open(tmp, 'w', newline='') as f:
            w = csv.writer(f)
            w.writerow(HEADER)
            for t in range(len(self)):
                ok = bool(self.valid[t])
                a, v = (f'{x:.6f}' for x in self.va[t]) if ok \
                    else ('nan', 'nan')
                w.writerow([t, f'{t / self.fps:.4f}', a, v, int(ok)])


def _empty_result(n: int, fps: float, num_bins: int, source: str,
                  info: dict) -> VAResult:
    return VAResult(np.full((n, 2), np.nan, np.float32),
                    np.full((n, 2, num_bins), np.nan, np.float32),
                    np.zeros(n, bool), fps, source, info)


def true_runs(mask: np.ndarray) -> List[Tuple[int, int]]:
    """(start, stop) of every run of True in a bool array."""
    m = np.concatenate([[False], np.asarray(mask, bool), [False]])
    edges = np.flatnonzero(np.diff(m.astype(np.int8)))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2])]


def face_segments(valid: np.ndarray,
                  max_gap: Optional[int] = None) -> List[Tuple[int, int]]:
    """Parts of a video that the model sees as separate sequences.

    Runs of more than ``max_gap`` frames without a face are left out (their
    crops hold no face, so they must not feed the GRU of the neighbouring
    frames); shorter gaps stay inside a segment (their crops are cut with
    interpolated landmarks). ``max_gap=None``: one segment, the whole video.
    """
    valid = np.asarray(valid, bool)
    if not valid.any():
        return []
    if max_gap is None:
        return [(0, len(valid))]
    keep = np.ones(len(valid), bool)
    for a, b in true_runs(~valid):
        if b - a > max_gap:
            keep[a:b] = False
    return true_runs(keep)
