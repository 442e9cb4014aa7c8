"""User-supplied per-video acoustic features, resampled to the video rate.

LiRA (Ma et al., Interspeech 2021, https://arxiv.org/abs/2106.09171) regresses
PASE+ features (Ravanelli et al., ICASSP 2020), which run at 100 Hz (10 ms
hop). The PASE+ weights cannot be downloaded here, so features from any
extractor are accepted as one ``.npy`` file per video holding a ``(T_feat,
D)`` array at a known ``feature_rate``. Feature ``j`` is taken to describe
time ``start_time + j / feature_rate`` on the video's time axis (the
convention of extractors that centre their windows, e.g. ``center=True``).

Video frame ``i`` has the instant ``t_i = (i + frame_offset) / fps``
(see :mod:`.features`; default 0.5, the middle of its display interval
``[i / fps, (i + 1) / fps)``). Resampling:

- ``'mean'``: average of the features whose times fall in
  ``[t_i - 0.5 / fps, t_i + 0.5 / fps)``; at 100 Hz and 25 fps with the
  default offset these are features ``4i .. 4i + 3``. Used by ``'auto'``
  when ``feature_rate >= fps``.
- ``'linear'``: linear interpolation between the two nearest features; used
  by ``'auto'`` when ``feature_rate < fps``.
- ``'stack'``: concatenate the ``k = feature_rate / fps`` features of the
  window (``k`` must be an integer), keeping the fine time structure:
  ``(T, k * D)``. Indices outside the file repeat its edge feature.

A frame is valid when its time lies inside the span the file covers.
Length check: the file's duration ``T_feat / feature_rate`` may differ from
the video's ``num_frames / fps`` by at most ``tolerance_s`` seconds (default
0.1 s: a couple of video frames, room for the extractor's edge handling);
larger gaps mean the file belongs to another video or another rate and
raise an error naming the file.
"""
from __future__ import annotations

import os.path as osp
from typing import Tuple

import numpy as np

from .features import frame_times

MODES = ('auto', 'mean', 'linear', 'stack')


def load_feature_file(path: str) -> np.ndarray:
    """Read a ``(T_feat, D)`` float feature array from ``path`` (``.npy``)."""
    if not osp.isfile(path):
        raise FileNotFoundError(
            f'{path}: precomputed audio feature file not found (one .npy '
            'of shape (T_feat, D) per video is expected)')
    try:
        feats = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as err:
        raise ValueError(f'{path}: cannot read as .npy ({err})') from err
    if feats.ndim != 2 or feats.shape[0] == 0 or \
            not np.issubdtype(feats.dtype, np.number):
        raise ValueError(f'{path}: expected a non-empty numeric (T_feat, D) '
                         f'array, got shape {feats.shape} dtype {feats.dtype}')
    return feats.astype(np.float32, copy=False)


def resample_features(feats: np.ndarray, feature_rate: float, fps: float,
                      num_frames: int, start_time: float = 0.0,
                      mode: str = 'auto', frame_offset: float = 0.5
                      ) -> Tuple[np.ndarray, np.ndarray]:
    """Resample ``(T_feat, D)`` features to ``num_frames`` video frames.

    Args:
        feats: ``(T_feat, D)`` features.
        feature_rate: feature frames per second.
        fps: video frame rate.
        num_frames: video frames.
        start_time: time of feature 0 relative to the first video frame.
        mode: ``'auto'``, ``'mean'``, ``'linear'`` or ``'stack'``.
        frame_offset: video frame instant inside its interval, in frames.

    Returns:
        ``(num_frames, D)`` (``(num_frames, k * D)`` for ``'stack'``)
        float32 targets and ``(num_frames,)`` bool validity.
    """
    if mode not in MODES:
        raise ValueError(f'mode must be one of {MODES}, got {mode!r}')
    if feature_rate <= 0 or fps <= 0:
        raise ValueError(f'rates must be positive, got feature_rate='
                         f'{feature_rate}, fps={fps}')
    if mode == 'auto':
        mode = 'mean' if feature_rate >= fps else 'linear'
    n_feat, dim = feats.shape
    # position of each video frame on the feature index axis
    pos = (frame_times(num_frames, fps, frame_offset) - start_time
           ) * feature_rate
    valid = (pos > -0.5) & (pos < n_feat - 0.5)
    eps = 1e-6
    if mode == 'linear':
        out = np.stack([np.interp(pos, np.arange(n_feat), feats[:, d])
                        for d in range(dim)], axis=1)
    elif mode == 'mean':
        half = 0.5 * feature_rate / fps
        lo = np.clip(np.ceil(pos - half - eps), 0, n_feat).astype(np.int64)
        hi = np.clip(np.ceil(pos + half - eps), 0, n_feat).astype(np.int64)
        csum = np.concatenate([np.zeros((1, dim)), np.cumsum(
            feats.astype(np.float64), axis=0)])
        count = np.maximum(hi - lo, 1)[:, None]
        out = (csum[hi] - csum[lo]) / count
        valid &= hi > lo
    else:
        ratio = feature_rate / fps
        k = int(round(ratio))
        if k < 1 or abs(ratio - k) > 1e-6:
            raise ValueError(f"'stack' needs feature_rate / fps to be an "
                             f'integer, got {feature_rate} / {fps} = {ratio}')
        first = np.ceil(pos - 0.5 * k - eps).astype(np.int64)
        idx = np.clip(first[:, None] + np.arange(k)[None], 0, n_feat - 1)
        out = feats[idx].reshape(num_frames, k * dim)
    out = np.where(valid[:, None], out, 0.0)
    return out.astype(np.float32), valid


def load_precomputed(path: str, feature_rate: float, fps: float,
                     num_frames: int, start_time: float = 0.0,
                     mode: str = 'auto', tolerance_s: float = 0.1,
                     frame_offset: float = 0.5
                     ) -> Tuple[np.ndarray, np.ndarray]:
    """Load ``path`` and resample it to the video's frames.

    Args:
        path: ``.npy`` file of shape ``(T_feat, D)``.
        feature_rate: feature frames per second (100 for PASE+).
        fps: video frame rate.
        num_frames: frames in the video.
        start_time: time of feature 0 relative to the first video frame.
        mode: ``'auto'``, ``'mean'``, ``'linear'`` or ``'stack'``.
        tolerance_s: allowed |feature duration - video duration| in seconds.
        frame_offset: video frame instant inside its interval, in frames.

    Returns:
        Targets and validity as in :func:`resample_features`.

    Example:
        >>> feats, valid = load_precomputed(  # doctest: +SKIP
        ...     'pase/s00/v00.npy', 100.0, 25.0, num_frames=100)
    """
    feats = load_feature_file(path)
    feat_dur = feats.shape[0] / float(feature_rate)
    video_dur = num_frames / float(fps)
    if abs(feat_dur - video_dur) > tolerance_s:
        raise ValueError(
            f'{path}: {feats.shape[0]} features at {feature_rate} Hz span '
            f'{feat_dur:.3f} s but the video has {num_frames} frames at '
            f'{fps:.3f} fps ({video_dur:.3f} s); the difference exceeds '
            f'tolerance_s={tolerance_s} (wrong file or wrong feature_rate?)')
    return resample_features(feats, feature_rate, fps, num_frames,
                             start_time, mode, frame_offset)
