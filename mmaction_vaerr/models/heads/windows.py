"""Overlapping windows over a long sequence for non-causal temporal heads.

A head that looks at both sides of a frame (bidirectional GRU, non-causal
TCN, Transformer) runs on windows of ``window`` frames that overlap by
``overlap``; each frame is taken from the window in which it has at least
``overlap // 2`` frames of context on both sides (or the sequence's own
start/end): consecutive windows hand over in the middle of their overlap.
A sequence of at most ``window`` frames is one window.
:func:`mmaction_vaerr.apis.windowing.iter_temporal` applies the same rule
to a stream of feature chunks.
"""
from __future__ import annotations

from typing import List, Tuple


def check_window(window: int, overlap: int) -> None:
    """Raise ValueError unless ``1 <= window`` and ``0 <= overlap < window``.
    """
    if window < 1 or not 0 <= overlap < window:
        raise ValueError('need window >= 1 and 0 <= overlap < window, got '
                         f'window={window}, overlap={overlap}')


def window_spans(total: int, window: int, overlap: int
                 ) -> List[Tuple[int, int, int, int]]:
    """Windows over ``total`` frames as ``(start, stop, keep_lo, keep_hi)``.

    The head runs on frames ``[start, stop)`` and its outputs for frames
    ``[keep_lo, keep_hi)`` are kept; the kept ranges tile ``[0, total)``.

    Example:
        >>> window_spans(10, 6, 2)
        [(0, 6, 0, 5), (4, 10, 5, 10)]
    """
    check_window(window, overlap)
    half = overlap // 2
    spans, start, emitted = [], 0, 0
    while total - start > window:
        stop = start + window - half
        spans.append((start, start + window, emitted, stop))
        emitted, start = stop, stop - half
    if total > emitted:
        spans.append((start, total, emitted, total))
    return spans
