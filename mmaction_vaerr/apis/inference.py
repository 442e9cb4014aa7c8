"""Inference API in mmaction2's style: ``init_model`` then ``inference_va``.

(``init_model`` lives in :mod:`.model_loading`, :class:`VAResult` and the
face segments in :mod:`.va_result`; both are re-exported here.)

``inference_va`` takes a raw video (faces are detected, tracked and aligned
by :func:`mmaction_vaerr.preprocessing.preprocess_video`), a video of
already aligned faces, or an array of aligned faces, and returns per-frame
arousal and valence, the 20-bin probabilities, the frame times and the
validity (face) mask as a :class:`VAResult`. Long videos are processed with
bounded memory (see :mod:`.windowing`).
"""
from __future__ import annotations

import itertools
import os.path as osp
import tempfile
from pathlib import Path
from typing import Iterable, Iterator, Optional, Tuple, Union

import numpy as np
import torch.nn as nn

from ..io import DatasetLayout, iter_frames, probe_video, read_face_mask
from .fast_paths import int8_trunk_of, resolve_inference_precision
from .model_loading import init_model
from .va_result import VAResult, _empty_result, face_segments, true_runs
from .windowing import FrameEncoder, bin_probs, iter_temporal

__all__ = ['DEFAULT_OVERLAP', 'DEFAULT_WINDOW', 'VAResult', 'face_segments',
           'inference_va', 'init_model', 'predict_frames', 'true_runs']

# bidirectional window defaults; docs/inference.md reports the measured
# difference to a whole-video pass
DEFAULT_WINDOW = 1500
DEFAULT_OVERLAP = 500


def predict_frames(model: nn.Module, frames: Iterable[np.ndarray],
                   window: Optional[int] = DEFAULT_WINDOW,
                   overlap: int = DEFAULT_OVERLAP, chunk: int = 64,
                   bf16: bool = False, channels_last: bool = False,
                   precision: str = 'fp32') -> Iterator[tuple]:
    """Yield ``(reg (n, 2), prob (n, 2, K))`` numpy chunks for a stream of
    aligned (H, W) uint8 faces, in order (see :mod:`.windowing`).
    ``precision``: as in :func:`inference_va`."""
    precision = resolve_inference_precision(model, precision, bf16)
    encoder = FrameEncoder(
        model, chunk, precision == 'bf16', channels_last,
        int8=int8_trunk_of(model) if precision == 'int8' else None)
    for reg, logits in iter_temporal(model.cls_head,
                                     encoder.iter_features(frames),
                                     window, overlap):
        yield (reg.float().cpu().numpy(),
               bin_probs(model.cls_head, logits, len(reg)).cpu().numpy())


def inference_va(model: nn.Module,
                 video: Union[str, np.ndarray],
                 fps: Optional[float] = None,
                 valid: Optional[np.ndarray] = None,
                 aligned: Optional[bool] = None,
                 window: Optional[int] = DEFAULT_WINDOW,
                 overlap: int = DEFAULT_OVERLAP,
                 chunk: int = 64,
                 bf16: bool = False,
                 channels_last: bool = False,
                 precision: str = 'auto',
                 face_backend='auto',
                 face_size: int = 96,
                 work_dir: Optional[str] = None,
                 max_frames: Optional[int] = None,
                 split_gap_s: Optional[float] = 0.5,
                 progress: bool = False) -> VAResult:
    """Predict arousal and valence for every frame of a video.

    Args:
        model: from :func:`init_model`.
        video: a video path, or a (T, H, W) / (T, H, W, 1) uint8 array of
            aligned grayscale faces.
        fps: frame rate of an array (default 25); read from a file.
        valid: (T,) bool face mask of an array or aligned video (default:
            all True; for ``<root>/videos/<id>.mp4`` the mask
            ``<root>/face_masks/<id>.npy`` is used when it exists).
        aligned: whether the video file already holds aligned faces
            (``face_size`` x ``face_size``, else ValueError). None: True
            when its frames have that size.
        window: frames per window of a bidirectional head (None: whole
            video in one pass); unidirectional heads carry their state.
        overlap: frames shared by consecutive windows.
        chunk: frames per backbone pass (bounds memory).
        bf16: bfloat16 autocast for the backbone (the older switch; same as
            ``precision='bf16'``).
        channels_last: channels-last trunk (faster on oneDNN / tensor cores).
        precision: ``'auto'`` (default: bf16 only where the device runs it
            natively, else fp32; the decision is logged), ``'fp32'``,
            ``'bf16'`` or ``'int8'`` (the calibrated trunk loaded by
            ``init_model(..., int8=DIR)``).
        face_backend: face backend name or instance for raw videos.
        face_size: aligned crop side for raw videos.
        work_dir: keep the aligned crops of a raw video here (layout of
            :func:`preprocess_video`); default: a temporary folder.
        max_frames: only the first frames of a video file.
        split_gap_s: runs of frames without a face longer than this (in
            seconds; the preprocessing interpolates shorter ones) split the
            video into sequences that the model processes separately, so
            crops without a face never reach the GRU of valid frames
            (:func:`face_segments`). None: one sequence.
        progress: show a progress bar over the frames.

    Returns:
        :class:`VAResult` with one row per frame. A raw video without any
        face gives all-NaN predictions and ``valid`` all False
        (``info['status'] == 'no_face'``).

    Raises:
        VideoReadError: the file is missing, unreadable or truncated.
        ValueError: aligned faces of the wrong size or dtype.
    """
    precision = resolve_inference_precision(model, precision, bf16)
    if precision == 'int8':
        int8_trunk_of(model)    # fail before any face preprocessing
    settings = dict(window=window, overlap=overlap, chunk=chunk,
                    precision=precision, bf16=precision == 'bf16',
                    channels_last=channels_last, split_gap_s=split_gap_s)
    if not isinstance(video, (str, Path)):
        frames = np.asarray(video)
        if frames.ndim == 4 and frames.shape[-1] == 1:
            frames = frames[..., 0]
        if frames.ndim != 3 or frames.dtype != np.uint8:
            raise ValueError('expected (T, H, W) uint8 aligned faces, got '
                             f'{frames.shape} {frames.dtype}')
        _check_size('the array', frames.shape[2], frames.shape[1], face_size)
        return _run(model, iter(frames), len(frames), fps or 25.0, valid,
                    '', dict(settings, status='ok'), progress)
    from ..preprocessing import preprocess_video
    path = str(video)
    meta = probe_video(path)
    if aligned is None:
        aligned = meta.width == meta.height == face_size
    if aligned:
        _check_size(path, meta.width, meta.height, face_size)
        if valid is None:
            valid = _sibling_face_mask(path)
        return _run_file(model, path, max_frames, valid,
                         dict(settings, status='ok', aligned=True),
                         progress)
    with tempfile.TemporaryDirectory() as tmp:
        root = work_dir or tmp
        video_id = osp.splitext(osp.basename(path))[0]
        summary = preprocess_video(path, root, video_id, backend=face_backend,
                                   size=face_size, max_frames=max_frames)
        info = dict(settings, **summary, aligned=False)
        if summary['status'] == 'no_face':
            return _empty_result(summary['frames'], summary['fps'],
                                 model.cls_head.num_bins, path, info)
        out = summary['outputs']
        mask = np.load(out['face_mask'])
        result = _run_file(model, out['video'], None, mask, info, progress)
        result.source = path
        return result


def _check_size(what: str, width: int, height: int, size: int) -> None:
    if (width, height) != (size, size):
        raise ValueError(f'{what}: aligned faces must be {size}x{size} (the '
                         f'model\'s input), got {width}x{height}; pass a raw '
                         'video to align the faces, or set face_size')


def _sibling_face_mask(path: str) -> Optional[np.ndarray]:
    """``<root>/face_masks/<id>.npy`` for ``<root>/videos/<id>.mp4``."""
    found = DatasetLayout.of_video(path)
    if found is None:
        return None
    layout, video_id = found
    mask = layout.face_mask(video_id)
    return read_face_mask(mask) if osp.isfile(mask) else None


def _run_file(model, path, max_frames, valid, info, progress) -> VAResult:
    meta = probe_video(path)
    total = meta.num_frames if max_frames is None \
        else min(max_frames, meta.num_frames or max_frames)
    frames = iter_frames(path, 'gray', max_frames,
                         check_complete=max_frames is None)
    if valid is not None and max_frames is not None:
        valid = np.asarray(valid, bool)[:max_frames]
    return _run(model, frames, total, float(meta.fps), valid, path, info,
                progress)


def _collect(chunks) -> Tuple[np.ndarray, np.ndarray]:
    regs, probs = [], []
    for reg, prob in chunks:
        regs.append(reg)
        probs.append(prob)
    if not regs:
        return np.zeros((0, 2), np.float32), None
    return np.concatenate(regs), np.concatenate(probs)


def _run(model, frames, total, fps, valid, source, info,
         progress) -> VAResult:
    name = source or 'input'
    if progress:
        from tqdm import tqdm
        frames = tqdm(frames, total=total or None, unit='frame',
                      desc='arousal/valence')

    def run(part):
        return _collect(predict_frames(
            model, part, info['window'], info['overlap'], info['chunk'],
            channels_last=info['channels_last'],
            precision=info['precision']))

    if valid is None:
        va, prob = run(frames)
        if not len(va):
            raise ValueError(f'{name}: no frames')
        valid = np.ones(len(va), bool)
    else:
        valid = np.asarray(valid, bool)
        n = len(valid)
        va = np.full((n, 2), np.nan, np.float32)
        prob = np.full((n, 2, model.cls_head.num_bins), np.nan, np.float32)
        gap = info.get('split_gap_s')
        gap = None if gap is None else int(round(gap * fps))
        seen = [0]

        def counted(it):
            for f in it:
                seen[0] += 1
                yield f

        it = counted(frames)
        for a, b in face_segments(valid, gap):
            for _ in itertools.islice(it, a - seen[0]):  # skipped gap
                pass
            va_s, prob_s = run(itertools.islice(it, b - a))
            if len(va_s) != b - a:
                break  # the video is shorter than the mask: see below
            va[a:b], prob[a:b] = va_s, prob_s
        for _ in it:
            pass
        if seen[0] != n:
            raise ValueError(f'{name}: validity mask has {n} frames, the '
                             f'video {seen[0]}')
    va[~valid] = np.nan
    prob[~valid] = np.nan
    return VAResult(va, prob, valid, fps, source, info)
