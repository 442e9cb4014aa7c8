"""Check, when a dataset is built, that every video matches its labels.

A label file longer or shorter than its video (a wrong conversion, a
re-encoded or truncated video) is otherwise found only when that sample is
drawn: for a validation video, after the training steps. The check reads the
frame count from the container header (PyAV's ``stream.frames``: about 2 ms
a video, nothing decoded); only a video whose header disagrees with its
labels, or whose container has no count (WebM/MKV), is counted the way
``DecordInit`` and ``GrayCacheInit`` count it (decord's frame index), so a
video that the pipeline would accept is never refused. Counts are cached
for the process, keyed by path, size and modification time.
"""
from __future__ import annotations

import os
import os.path as osp
from typing import Dict, Sequence, Tuple

_COUNTS: Dict[Tuple[str, int, int, str], int] = {}


def _cached(path: str, kind: str, count) -> int:
    st = os.stat(path)
    key = (osp.abspath(path), st.st_size, st.st_mtime_ns, kind)
    if key not in _COUNTS:
        _COUNTS[key] = count(path)
    return _COUNTS[key]


def _header_count(path: str) -> int:
    import av
    try:
        with av.open(path) as container:
            if not container.streams.video:
                raise ValueError('no video stream')
            return int(container.streams.video[0].frames)
    except (av.FFmpegError, UnicodeDecodeError) as e:
        raise ValueError(f'not a readable video ({e})') from None


def _decoder_count(path: str) -> int:
    import decord
    try:
        return len(decord.VideoReader(path, num_threads=1))
    except Exception as e:  # noqa: BLE001 - decord raises DECORDError
        raise ValueError(f'decord cannot index it ({e})') from None


def header_frame_count(path: str) -> int:
    """Frames in the container header (0 when the container has none)."""
    return _cached(path, 'header', _header_count)


def decoder_frame_count(path: str) -> int:
    """Frames as ``DecordInit`` counts them (its frame index)."""
    return _cached(path, 'decord', _decoder_count)


def length_mismatch(num_video: int, num_labels: int, tolerance: float) -> bool:
    """The rule of ``SampleVASegment``: relative to the label length."""
    return abs(num_video - num_labels) > tolerance * max(num_labels, 1)


def check_video_lengths(items: Sequence[dict], tolerance: float,
                        source: str) -> None:
    """Raise one error listing every video that does not match its labels.

    Args:
        items: data infos with ``filename``, ``label_file`` and
            ``total_frames`` (the label length).
        tolerance: accepted ``|video - labels| / labels``.
        source: named first in the message (the split file).

    Raises:
        ValueError: listing ``<video>: <problem>`` for each bad video.
    """
    bad = []
    for info in items:
        path, n_lab = info['filename'], int(info['total_frames'])
        try:
            n = header_frame_count(path)
            if n <= 0 or length_mismatch(n, n_lab, tolerance):
                n = decoder_frame_count(path)
        except (OSError, ValueError) as e:
            bad.append(f'{path}: cannot read the frame count: {e}')
            continue
        if length_mismatch(n, n_lab, tolerance):
            bad.append(f'{path}: video has {n} frames but its labels '
                       f"{info['label_file']} have {n_lab}")
    if bad:
        raise ValueError(
            f'{source}: {len(bad)} of {len(items)} videos do not match their '
            f'labels (tolerance {tolerance:g} of the label length); fix or '
            're-run the label conversion:\n  ' + '\n  '.join(bad))
