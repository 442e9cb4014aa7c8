"""Temporal clean-up of per-frame landmarks: smoothing and gap filling."""
from __future__ import annotations

import numpy as np


def one_euro(x: np.ndarray, fps: float, min_cutoff: float = 1.0,
             beta: float = 1.0, d_cutoff: float = 1.0) -> np.ndarray:
    """Causal One-Euro filter along axis 0 of ``x`` (T, ...).

    Casiez, Roussel & Vogel, "1 Euro Filter: A Simple Speed-based Low-pass
    Filter for Noisy Input in Interactive Systems", CHI 2012: an exponential
    smoother whose cutoff ``min_cutoff + beta * |dx/dt|`` (Hz) rises with the
    (smoothed) speed, so slow jitter is removed and fast motion lags little.
    """
    x = np.asarray(x, np.float64)

    def alpha(cutoff):
        tau = 1.0 / (2 * np.pi * cutoff)
        return 1.0 / (1.0 + tau * fps)

    out = np.empty_like(x)
    out[0] = x[0]
    dx = np.zeros_like(x[0])
    a_d = alpha(d_cutoff)
    for t in range(1, len(x)):
        dx = a_d * (x[t] - out[t - 1]) * fps + (1 - a_d) * dx
        a = alpha(min_cutoff + beta * np.abs(dx))
        out[t] = a * x[t] + (1 - a) * out[t - 1]
    return out


def _runs(mask: np.ndarray):
    """(start, stop) of each run of True in a 1-D bool array."""
    padded = np.concatenate([[False], mask, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[::2], edges[1::2]))


def smooth_landmarks(landmarks: np.ndarray, valid: np.ndarray, fps: float,
                     min_cutoff: float = 1.0, beta: float = 1.0
                     ) -> np.ndarray:
    """Zero-phase One-Euro smoothing of (T, 68, 2) landmarks per valid run.

    Each run of valid frames is filtered forwards and backwards and the two
    passes averaged, which cancels the filter's lag. Coordinates are divided
    by the run's median outer-eye-corner distance first, so ``beta`` is in
    units of face sizes per second and does not depend on the resolution.
    Invalid frames are returned unchanged.
    """
    out = np.array(landmarks, np.float64, copy=True)
    for start, stop in _runs(np.asarray(valid, bool)):
        if stop - start < 3:
            continue
        seg = out[start:stop]
        unit = float(np.median(np.linalg.norm(seg[:, 45] - seg[:, 36],
                                              axis=-1))) or 1.0
        flat = seg.reshape(len(seg), -1) / unit
        fwd = one_euro(flat, fps, min_cutoff, beta)
        bwd = one_euro(flat[::-1], fps, min_cutoff, beta)[::-1]
        out[start:stop] = ((fwd + bwd) / 2 * unit).reshape(seg.shape)
    return out.astype(np.float32)


def fill_gaps(landmarks: np.ndarray, valid: np.ndarray,
              max_gap: int) -> np.ndarray:
    """Fill the landmarks of invalid frames from the valid ones.

    Gaps of at most ``max_gap`` frames between two valid frames are
    interpolated linearly; other invalid frames copy the nearest valid frame.

    Raises:
        ValueError: no frame is valid.
    """
    valid = np.asarray(valid, bool)
    if not valid.any():
        raise ValueError('no valid frame to fill landmarks from')
    out = np.array(landmarks, np.float32, copy=True)
    idx = np.flatnonzero(valid)
    for start, stop in _runs(~valid):
        left, right = start - 1, stop  # neighbouring valid frames
        inner = left >= 0 and right < len(valid)
        for t in range(start, stop):
            if inner and stop - start <= max_gap:
                w = (t - left) / (right - left)
                out[t] = (1 - w) * out[left] + w * out[right]
            else:
                out[t] = out[idx[np.argmin(np.abs(idx - t))]]
    return out
