"""One video -> aligned grayscale face crops in the canonical dataset layout.

``preprocess_video`` writes, under ``out_root`` (see
:mod:`mmaction_vaerr.io.layout` for the layout)::

    videos/<video_id>.mp4       T aligned size x size gray crops, input fps
    landmarks/<video_id>.npy    (T, 68, 2) float32, crop pixel coordinates
    face_masks/<video_id>.npy   (T,) bool, True where a face was found

Frames without a face keep their place (labels stay frame-aligned): their
crop is cut with landmarks interpolated over short gaps or copied from the
nearest frame with a face, and the mask marks them False. The crop video
carries the source's audio, cut to the written frames
(:mod:`mmaction_vaerr.io.audio_mux`),
so LiRA's acoustic targets can be computed from it. Rotated (phone) videos
are turned upright first (:mod:`mmaction_vaerr.io.orientation`). A video
without any face
writes nothing and returns ``status='no_face'``.

Existing files are never removed or replaced unless ``overwrite`` is given
or they are this tool's own outputs for the same source and id; everything
is written under temporary names and moved into place together at the end
(:mod:`.outputs`).
"""
from __future__ import annotations

import os.path as osp
import time
from typing import Optional, Union

import numpy as np

from ..io import GrayVideoWriter, discard_group, probe_video
from .backends import FaceBackend, shared_backend
from .crops import frame_landmarks, iter_aligned, track_video
from .outputs import (OutputExistsError, check_outputs, commit,
                      output_paths, provenance, remove_outputs, save_npy_tmp)

__all__ = ['OutputExistsError', 'output_paths', 'preprocess_video']


def preprocess_video(path: str, out_root: str,
                     video_id: Optional[str] = None,
                     backend: Union[str, FaceBackend] = 'auto',
                     size: int = 96, detect_every: int = 10,
                     max_frames: Optional[int] = None, smooth: bool = True,
                     min_cutoff: float = 1.0, beta: float = 1.0,
                     max_gap_s: float = 0.5, eye_dist: float = 0.42,
                     eye_y: float = 0.38, audio: bool = True,
                     overwrite: bool = False,
                     frame_memory_mb: float = 512.0,
                     decode_ahead: Optional[bool] = None) -> dict:
    """Detect, track, align and crop the face of one video.

    Args:
        path: input video (anything FFmpeg reads).
        out_root: dataset root to write into.
        video_id: output name (may contain ``/``); default: file stem.
        backend: a :class:`FaceBackend` or a name for
            :func:`shared_backend` (``'auto'``, ``'dlib'``,
            ``'face_alignment'``; built once per process).
        size: crop side in pixels, even (the paper uses 96).
        detect_every: whole-frame detection period while tracking
            (see :class:`FaceTracker`).
        max_frames: only the first frames (quick checks and tests).
        smooth: One-Euro smoothing of the landmarks over time
            (:func:`smooth_landmarks`; ``min_cutoff`` Hz, ``beta``).
        max_gap_s: gaps without a face up to this long are interpolated.
        eye_dist: outer-eye distance / crop size (:func:`reference_landmarks`).
        eye_y: eye line height / crop size.
        audio: copy the source's audio track into the crop video.
        overwrite: replace (or, for a video without a face, remove)
            existing outputs that were not written for this source and id.
        frame_memory_mb: with a grayscale backend (dlib), the decoded
            frames of the tracking pass are kept for the cropping pass
            while they fit in this many MiB (about 2,300 frames of 640x360),
            which saves decoding the video a second time (the same frames,
            so the same crops); longer videos, colour backends and 0
            decode it again.
        decode_ahead: decode the tracking pass in a background thread,
            ahead of the tracker (same frames). None: on when the process
            may use 2 or more cores (logged; ``summary['decoding']``).

    Returns:
        A summary dict: ``video_id``, ``path``, ``status`` (``'ok'`` or
        ``'no_face'``), ``backend``, ``backend_note``, ``frames``,
        ``face_frames``, ``face_ratio``, ``fps``, ``seconds``,
        ``frames_per_second``, ``rotation`` (degrees applied),
        ``audio_seconds`` (0 without an audio track), ``outputs`` (written
        paths, empty for ``'no_face'``), ``tracker`` (whole-frame and window
        detections) and ``decode_passes`` (1 or 2, see ``frame_memory_mb``).

    Raises:
        VideoReadError: the file is missing, unreadable or truncated.
        BackendUnavailable: the backend cannot run here.
        OutputExistsError: an output exists and may not be replaced
            (checked before any work).
        OSError: the outputs cannot be written (read-only folder, full
            disk); nothing is left half-written and existing files stay.
        ValueError: odd or tiny ``size``, ``max_frames`` < 1.
    """
    if size < 16 or size % 2:
        raise ValueError(f'size must be even (H.264 4:2:0) and >= 16, '
                         f'got {size}')
    if max_frames is not None and max_frames < 1:
        raise ValueError(f'max_frames must be >= 1 (or None), got '
                         f'{max_frames}')
    start = time.perf_counter()
    video_id = video_id or osp.splitext(osp.basename(path))[0]
    info = probe_video(path)
    paths = output_paths(out_root, video_id)
    check_outputs(paths, path, video_id, overwrite)
    if isinstance(backend, FaceBackend):
        note = f'face backend: {backend.describe()}'
    else:
        backend, note = shared_backend(backend)
    fps = float(info.fps)

    tracked = track_video(path, backend, fps, detect_every, max_frames,
                          frame_memory_mb, decode_ahead)
    raw, valid, kept = tracked.raw, tracked.valid, tracked.frames
    n = len(raw)
    summary = dict(video_id=video_id, path=path, backend=backend.name,
                   backend_note=note, frames=n,
                   face_frames=int(valid.sum()),
                   face_ratio=float(valid.mean()), fps=fps, outputs={})
    summary.update(rotation=info.rotation.degrees if
                   info.rotation.right_angle else 0.0, audio_seconds=0.0)
    if not valid.any():
        # no training sample, not even a stale one (check_outputs allowed it)
        check_outputs(paths, path, video_id, overwrite)
        remove_outputs(paths)
        summary['status'] = 'no_face'
    else:
        tmps = {}
        try:
            lms = frame_landmarks(tracked, fps, smooth, min_cutoff, beta,
                                  max_gap_s)
            tmps['video'], crop_lms, audio_s = _write_crops(
                path, paths['video'], info.fps,
                iter_aligned(path, tracked, lms, size, eye_dist, eye_y), n,
                dict(provenance(path, video_id)), audio)
            tmps['landmarks'] = save_npy_tmp(paths['landmarks'], crop_lms)
            tmps['face_mask'] = save_npy_tmp(paths['face_mask'], valid)
            check_outputs(paths, path, video_id, overwrite)
            commit(tmps, paths)
        except BaseException:
            discard_group(tmps)
            raise
        summary.update(status='ok', outputs=paths, audio_seconds=audio_s)
    summary['seconds'] = time.perf_counter() - start
    summary['frames_per_second'] = n / max(summary['seconds'], 1e-9)
    summary['tracker'] = tracked.stats
    summary['decoding'] = tracked.decoding
    summary['decode_passes'] = 2 if valid.any() and kept is None else 1
    return summary


def _write_crops(path, out, fps, aligned, n, tags, audio):
    """Pass 2 into a temporary crop video (``aligned``: from
    :func:`iter_aligned`).

    Returns ``(temporary video path, (n, 68, 2) crop landmarks, audio
    seconds)``.
    """
    crop_lms = np.empty((n, 68, 2), np.float32)
    writer = GrayVideoWriter(out, fps, metadata=tags,
                             audio_from=path if audio else None,
                             rename=False)
    with writer:
        for t, (crop, pts) in enumerate(aligned):
            writer.write(crop)
            crop_lms[t] = pts
    seconds = writer.audio.seconds if writer.audio is not None else 0.0
    return writer.tmp, crop_lms, seconds
