"""Inference API in mmaction2's style: ``init_model`` then ``inference_va``.

``inference_va`` takes a raw video (faces are detected, tracked and aligned
by :func:`mmaction_vaerr.preprocessing.preprocess_video`), a video of
already aligned faces, or an array of aligned faces, and returns per-frame
arousal and valence, the 20-bin probabilities, the frame times and the
validity (face) mask as a :class:`VAResult`. Long videos are processed with
bounded memory (see :mod:`.windowing`).
"""
from __future__ import annotations

import csv
import itertools
import os.path as osp
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, List, Optional, Tuple, Union

import numpy as np
import torch.nn as nn
from mmengine.config import Config
from mmengine.logging import print_log
from mmengine.registry import init_default_scope
from mmengine.runner import load_checkpoint

from mmaction.registry import MODELS
from ..checkpoint_io import CheckpointError, CheckpointMismatchError
from ..datasets.va_annotation import HEADER
from ..io import (DatasetLayout, atomic_write, iter_frames, probe_video,
                  read_face_mask)
from .fast_paths import int8_trunk_of, resolve_inference_precision
from .windowing import FrameEncoder, bin_probs, iter_temporal

# bidirectional window defaults; docs/inference.md reports the measured
# difference to a whole-video pass
DEFAULT_WINDOW = 1500
DEFAULT_OVERLAP = 500


def init_model(config: Union[str, Path, Config],
               checkpoint: Optional[str] = None,
               device: str = 'cpu',
               cfg_options: Optional[dict] = None,
               int8: Optional[str] = None) -> nn.Module:
    """Build a model from a config file and load its checkpoint.

    Args:
        config: config file path or :class:`Config`.
        checkpoint: checkpoint of a downstream run (``state_dict`` of the
            whole recognizer). None keeps the initial weights (a warning is
            logged: predictions are then meaningless).
        device: ``'cpu'``, ``'cuda'``, ``'cuda:1'``, ...
        cfg_options: overrides merged into the config.
        int8: folder of a calibrated int8 trunk for this checkpoint
            (``tools/deployment/quantize_int8.py``); attached as
            ``model.int8_trunk`` for ``precision='int8'``. A folder made
            from other weights is refused.

    Returns:
        The recognizer in eval mode, with the config as ``model.cfg``.

    Raises:
        FileNotFoundError: no such checkpoint.
        CheckpointMismatchError: its weights do not fit the config's model
            (missing, unexpected or mis-shaped keys).
        UnsafeCheckpointError: unpickling it would run code (see
            :mod:`mmaction_vaerr.checkpoint_io`).
        CorruptCheckpointError: truncated or not a checkpoint.
    """
    if isinstance(config, (str, Path)):
        config = Config.fromfile(str(config))
    elif not isinstance(config, Config):
        raise TypeError(f'config must be a file name or a Config, got '
                        f'{type(config).__name__}')
    if cfg_options:
        config.merge_from_dict(cfg_options)
    init_default_scope(config.get('default_scope', 'mmaction'))
    # the checkpoint holds every weight: do not look for a pretext file
    if config.model.get('backbone', {}).get('init_cfg') is not None:
        config.model.backbone.init_cfg = None
    model = MODELS.build(config.model)
    if checkpoint is None:
        print_log('init_model: no checkpoint given, the model keeps its '
                  'initial (random) weights', logger='current',
                  level=30)
    else:
        if not osp.isfile(checkpoint):
            raise FileNotFoundError(f'checkpoint not found: {checkpoint}')
        try:
            load_checkpoint(model, checkpoint, map_location='cpu',
                            strict=True)
        except CheckpointError:
            raise  # unsafe, truncated or not a checkpoint: named already
        except RuntimeError as e:
            hint = ' (one GRU is bidirectional, the other not)' \
                if '_reverse' in str(e) else ''
            raise CheckpointMismatchError(
                checkpoint, f'{checkpoint} does not fit the model of the '
                f'config {getattr(config, "filename", "") or "given"}'
                f'{hint}: {e}') from None
    model.cfg = config
    model.to(device)
    model.eval()
    if int8 is not None:
        from ..export.int8 import Int8Trunk
        model.int8_trunk = Int8Trunk(int8, model)
    return model


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
