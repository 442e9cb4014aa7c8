"""Arousal and valence over time (prediction in red, ground truth in green),
with the frames without a face shaded. Figures are drawn on matplotlib's Agg
canvas directly (no pyplot state), so this runs headless and in hooks."""
from __future__ import annotations

from typing import Optional

import numpy as np

DIM_NAMES = ('arousal', 'valence')


def _contiguous_runs(mask: np.ndarray):
    """(start, stop) index pairs of the True runs of a bool array."""
    m = np.concatenate([[False], np.asarray(mask, bool), [False]])
    edges = np.flatnonzero(np.diff(m.astype(np.int8)))
    return list(zip(edges[::2], edges[1::2]))


def va_trajectory_figure(times: np.ndarray, pred: np.ndarray,
                         valid: Optional[np.ndarray] = None,
                         gt: Optional[np.ndarray] = None,
                         gt_valid: Optional[np.ndarray] = None,
                         title: str = '', width: float = 8.0,
                         dpi: int = 100):
    """Figure with one panel per dimension.

    Args:
        times: (T,) seconds (or frame indices).
        pred: (T, 2) predicted (arousal, valence); NaN rows are gaps.
        valid: (T,) bool face mask; invalid frames are shaded grey.
        gt: (T, 2) ground truth (arousal, valence), or None.
        gt_valid: (T,) bool, frames whose ground truth is valid.
        title: figure title.
        width: figure width in inches.
        dpi: resolution.

    Returns:
        A matplotlib ``Figure`` on an Agg canvas.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    times = np.asarray(times, np.float64)
    pred = np.asarray(pred, np.float64)
    n = len(times)
    if pred.shape != (n, 2):
        raise ValueError(f'pred must be ({n}, 2), got {pred.shape}')
    valid = np.ones(n, bool) if valid is None else np.asarray(valid, bool)
    fig = Figure(figsize=(width, 4.2), dpi=dpi)
    FigureCanvasAgg(fig)
    axes = fig.subplots(2, 1, sharex=True)
    step = (times[1] - times[0]) if n > 1 else 1.0
    for d, ax in enumerate(axes):
        for a, b in _contiguous_runs(~valid):
            ax.axvspan(times[a] - step / 2,
                       times[min(b, n) - 1] + step / 2, color='0.85',
                       lw=0, label='no face' if a == _first_gap(valid)
                       else None)
        if gt is not None:
            g = np.asarray(gt, np.float64)[:, d].copy()
            if gt_valid is not None:
                g[~np.asarray(gt_valid, bool)] = np.nan
            ax.plot(times, g, color='tab:green', lw=1.4, label='true')
        p = np.where(valid, pred[:, d], np.nan)
        ax.plot(times, p, color='tab:red', lw=1.4, label='predicted')
        # the label range, widened so off-range predictions stay visible
        lim = max(1.05, float(np.nanmax(np.abs(p), initial=0.0)) + 0.05)
        ax.set_ylim(-lim, lim)
        ax.set_ylabel(DIM_NAMES[d])
        ax.axhline(0, color='0.6', lw=0.6)
        ax.grid(alpha=0.3)
        if n:
            ax.set_xlim(times[0], times[-1] if n > 1 else times[0] + 1)
    if not valid.any():
        axes[0].text(0.5, 0.5, 'no face detected', transform=axes[0].transAxes,
                     ha='center', va='center', color='tab:red', fontsize=14)
    axes[0].legend(loc='upper right', fontsize=8, ncol=3)
    axes[1].set_xlabel('time (s)')
    if title:
        axes[0].set_title(title, fontsize=10)
    fig.tight_layout()
    return fig


def _first_gap(valid: np.ndarray) -> int:
    gaps = np.flatnonzero(~valid)
    return int(gaps[0]) if len(gaps) else -1


def figure_to_rgb(fig) -> np.ndarray:
    """Render an Agg figure to an (H, W, 3) uint8 RGB array."""
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()


def save_va_trajectory_plot(path: str, times: np.ndarray, pred: np.ndarray,
                            **kwargs) -> str:
    """:func:`va_trajectory_figure` saved to ``path`` (PNG)."""
    va_trajectory_figure(times, pred, **kwargs).savefig(path)
    return path
