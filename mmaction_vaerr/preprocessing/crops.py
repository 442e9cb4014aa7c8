"""The two passes of face preprocessing, shared by the file writer
(:func:`~mmaction_vaerr.preprocessing.preprocess_video`) and the in-memory
path of the inference API.

Pass 1 (:func:`track_video`) decodes the video in the backend's format and
tracks one face (:class:`FaceTracker`). The landmarks are then smoothed over
time in both directions and gaps filled (:func:`frame_landmarks`), which
needs the whole video, so pass 2 (:func:`iter_aligned`) starts after pass 1
and warps every frame with the similarity that takes its landmarks onto the
reference face (:mod:`.alignment`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, List, Optional, Tuple

import numpy as np

from ..io import iter_frames
from .alignment import (alignment_matrix, reference_landmarks,
                        transform_points, warp_face)
from .backends import FaceBackend
from .prefetch import decode_ahead_decision, prefetch
from .smoothing import fill_gaps, smooth_landmarks
from .tracking import FaceTracker


@dataclass
class Tracked:
    """Pass 1's result: per-frame landmarks (None: no face), the mask, the
    gray frames when they were kept (else None), the tracker's counts and
    how the video was decoded."""

    raw: List[Optional[np.ndarray]]
    valid: np.ndarray
    frames: Optional[List[np.ndarray]]
    stats: dict
    decoding: str = ''


def track_video(path: str, backend: FaceBackend, fps: float,
                detect_every: int = 10, max_frames: Optional[int] = None,
                frame_memory_mb: float = 512.0,
                decode_ahead: Optional[bool] = None) -> Tracked:
    """Pass 1: decode and track the face; keep the frames of a gray backend
    while they fit in ``frame_memory_mb`` MiB (pass 2 then decodes nothing).
    ``decode_ahead``: decode in a background thread (None: decided from
    the usable cores, :func:`decode_ahead_decision`, and logged).
    """
    tracker = FaceTracker(backend, detect_every=detect_every, fps=fps)
    raw = []
    kept = [] if backend.input_format == 'gray' and frame_memory_mb > 0 \
        else None
    kept_bytes, budget = 0, frame_memory_mb * 2 ** 20
    frames = iter_frames(path, backend.input_format, max_frames,
                         check_complete=max_frames is None)
    ahead, decoding = decode_ahead_decision(decode_ahead)
    for image in prefetch(frames) if ahead else frames:
        raw.append(tracker.update(image).landmarks)
        if kept is not None:
            kept.append(image)
            kept_bytes += image.nbytes
            if kept_bytes > budget:
                kept = None  # too long: pass 2 decodes again
    valid = np.array([lm is not None for lm in raw], bool)
    return Tracked(raw, valid, kept, dict(tracker.stats), decoding)


def frame_landmarks(tracked: Tracked, fps: float, smooth: bool = True,
                    min_cutoff: float = 1.0, beta: float = 1.0,
                    max_gap_s: float = 0.5) -> np.ndarray:
    """(T, 68, 2) landmarks of every frame: smoothed, gaps filled."""
    lms = np.stack([lm if lm is not None else np.zeros((68, 2), np.float32)
                    for lm in tracked.raw])
    if smooth:
        lms = smooth_landmarks(lms, tracked.valid, fps, min_cutoff, beta)
    return fill_gaps(lms, tracked.valid, max_gap=int(round(max_gap_s * fps)))


def iter_aligned(path: str, tracked: Tracked, lms: np.ndarray,
                 size: int = 96, eye_dist: float = 0.42, eye_y: float = 0.38
                 ) -> Iterator[Tuple[np.ndarray, np.ndarray]]:
    """Pass 2: yield ``(crop (size, size) uint8, crop landmarks (68, 2))``
    for every frame, from the kept frames or a second decoding of ``path``.

    Raises:
        RuntimeError: the second decoding gives another number of frames.
    """
    n = len(lms)
    frames = tracked.frames
    if frames is None:
        frames = iter_frames(path, 'gray', n, check_complete=False)
    ref = reference_landmarks(size, eye_dist, eye_y)
    t = 0
    for t, gray in enumerate(frames, 1):
        mat = alignment_matrix(lms[t - 1], ref)
        yield warp_face(gray, mat, size), transform_points(lms[t - 1], mat)
    if t != n:
        raise RuntimeError(f'{path}: second decoding pass gave {t} frames, '
                           f'first gave {n}')
