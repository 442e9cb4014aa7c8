"""Resampling of time-stamped labels onto video frames.

Convention (used by every converter):

* Frame ``i`` of a video at ``fps`` frames per second is the instant
  ``t_i = i / fps`` (frame 0 at 0 s). A label row with timestamp ``t_k`` is
  the value at the instant ``t_k``. Labels are therefore never shifted: a
  label at 2.0 s lands exactly on frame ``round(2.0 * fps)`` when that frame
  exists at 2.0 s.
* Inside the labelled span a frame takes the **linear interpolation** of its
  two neighbouring label samples (each dimension separately). A frame that
  falls on a label time (within 1 microsecond) takes that sample unchanged.
* Outside the span, or inside a gap longer than ``max_gap_factor`` label
  periods, a frame **holds the nearest sample only within half a label
  period**; beyond that it is invalid.
* Validity propagates: an interpolated frame is valid only if both of its
  neighbours (with non-zero weight) are valid; a held frame copies the
  validity of the sample it holds.

The number of frames the labels cover is therefore
``floor((t_last + period / 2) * fps) + 1`` (frames 0 .. t_last + period / 2).
"""
from __future__ import annotations

import math
from typing import Optional, Tuple

import numpy as np

#: Two instants closer than this (seconds) are the same instant.
TIME_EPS = 1e-6


def label_period(times: np.ndarray) -> float:
    """Nominal label period: the median step between timestamps."""
    times = np.asarray(times, dtype=np.float64)
    if len(times) < 2:
        raise ValueError('at least two label samples are needed to infer the '
                         'label period; pass `period` explicitly')
    return float(np.median(np.diff(times)))


def num_label_frames(t_last: float, period: float, fps: float) -> int:
    """Frames covered by labels ending at ``t_last`` (see module docstring)."""
    return int(math.floor((t_last + period / 2 + TIME_EPS) * fps)) + 1


def resample_to_frames(times: np.ndarray,
                       values: np.ndarray,
                       fps: float,
                       valid: Optional[np.ndarray] = None,
                       num_frames: Optional[int] = None,
                       period: Optional[float] = None,
                       max_gap_factor: float = 1.5
                       ) -> Tuple[np.ndarray, np.ndarray]:
    """Resample label samples at ``times`` to frames ``i / fps``.

    Args:
        times: (K,) strictly increasing label timestamps in seconds.
        values: (K,) or (K, D) label values.
        fps: video frame rate.
        valid: (K,) bool validity of the samples; all valid when None.
        num_frames: frames to produce; by default the frames the labels cover
            (:func:`num_label_frames`).
        period: nominal label period; the median step when None.
        max_gap_factor: consecutive samples further apart than this many
            periods are not interpolated across (nearest-hold rule instead).

    Returns:
        ``(out, out_valid)``: (N, D) (or (N,)) float64 values, 0 where invalid,
        and the (N,) bool validity.
    """
    times = np.asarray(times, dtype=np.float64)
    vals = np.asarray(values, dtype=np.float64)
    squeeze = vals.ndim == 1
    vals = vals.reshape(len(times), -1)
    k_total = len(times)
    if k_total == 0:
        raise ValueError('no label samples to resample')
    if fps <= 0:
        raise ValueError(f'fps must be positive, got {fps}')
    if np.any(np.diff(times) <= 0):
        raise ValueError('label timestamps must be strictly increasing')
    ok = (np.ones(k_total, bool) if valid is None
          else np.asarray(valid, dtype=bool).copy())
    ok &= np.all(np.isfinite(vals), axis=1)
    vals = np.where(ok[:, None], vals, 0.0)
    if period is None:
        period = label_period(times)
    half = period / 2
    if num_frames is None:
        num_frames = num_label_frames(times[-1], period, fps)

    t = np.arange(num_frames, dtype=np.float64) / fps
    # k: last sample at or before t (tolerating TIME_EPS); -1 before the span.
    k = np.searchsorted(times, t + TIME_EPS, side='right') - 1
    out = np.zeros((num_frames, vals.shape[1]), dtype=np.float64)
    out_ok = np.zeros(num_frames, dtype=bool)

    def hold(sel: np.ndarray, src: np.ndarray) -> None:
        out[sel] = vals[src[sel]]
        out_ok[sel] = ok[src[sel]]

    kc = np.clip(k, 0, k_total - 1)
    kn = np.clip(k + 1, 0, k_total - 1)
    exact = (k >= 0) & (np.abs(t - times[kc]) <= TIME_EPS)
    before = k < 0
    after = (k == k_total - 1) & ~exact
    inner = ~exact & ~before & ~after
    gap = times[kn] - times[kc]
    interp = inner & (gap <= max_gap_factor * period + TIME_EPS)
    in_gap = inner & ~interp

    hold(exact, kc)
    hold(before & (times[0] - t <= half + TIME_EPS), np.zeros_like(k))
    hold(after & (t - times[-1] <= half + TIME_EPS), kc)
    hold(in_gap & (t - times[kc] <= half + TIME_EPS), kc)
    hold(in_gap & (times[kn] - t <= half + TIME_EPS)
         & (t - times[kc] > half + TIME_EPS), kn)

    if interp.any():
        i = np.flatnonzero(interp)
        w = (t[i] - times[kc[i]]) / gap[i]
        out[i] = (1 - w)[:, None] * vals[kc[i]] + w[:, None] * vals[kn[i]]
        # both neighbours carry weight here: frames within TIME_EPS of a
        # sample were taken by the `exact` rule above
        out_ok[i] = ok[kc[i]] & ok[kn[i]]
    out[~out_ok] = 0.0
    return (out[:, 0] if squeeze else out), out_ok
