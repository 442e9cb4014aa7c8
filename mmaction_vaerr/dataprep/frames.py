"""Frame folders in the canonical layout, from a dataset's released images.

``<root>/frames/<video_id>/<k+1:05d><ext>`` holds frame ``k`` (1-based file
names, as in the canonical layout). Source images keep their format
(Aff-Wild2's ``.jpg`` stay ``.jpg``: no re-encoding) and are symlinked
(default) or copied. Every frame ``0 .. T-1`` gets a file, so a reader can
index frames by number: a frame without a source image (Aff-Wild2: no face
found) gets a black image of the same size and format; its label is
invalid, so it never reaches a loss or a metric.
"""
from __future__ import annotations

import os
import shutil
from typing import Dict

import cv2
import numpy as np

FRAME_NAME = '{:05d}'


def frame_path(frames_dir: str, index: int, ext: str) -> str:
    """Canonical file of 0-based frame ``index`` (frame 0 is ``00001``)."""
    return os.path.join(frames_dir, FRAME_NAME.format(index + 1) + ext)


def write_frame_folder(sources: Dict[int, str], num_frames: int,
                       dst_dir: str, mode: str = 'symlink') -> int:
    """Populate ``dst_dir`` with frames ``0 .. num_frames - 1``.

    Args:
        sources: 0-based frame index -> source image path.
        num_frames: frames in the video (labels' length after alignment).
        dst_dir: ``<root>/frames/<video_id>``.
        mode: ``'symlink'`` (absolute links) or ``'copy'``.

    Returns:
        The number of placeholder (black) frames written.
    """
    if mode not in ('symlink', 'copy'):
        raise ValueError(f"mode must be 'symlink' or 'copy', got {mode!r}")
    inside = sorted(k for k in sources if 0 <= k < num_frames)
    if not inside:
        raise ValueError(f'no source image for any of the {num_frames} '
                         f'frames of {dst_dir}')
    first = sources[inside[0]]
    ext = os.path.splitext(first)[1].lower()
    if any(os.path.splitext(sources[k])[1].lower() != ext for k in inside):
        raise ValueError(f'source images of {dst_dir} mix file formats')
    sample = cv2.imread(first, cv2.IMREAD_UNCHANGED)
    if sample is None:
        raise ValueError(f'cannot read image {first}')
    os.makedirs(dst_dir, exist_ok=True)
    black = None
    for k in range(num_frames):
        dst = frame_path(dst_dir, k, ext)
        if os.path.lexists(dst):
            os.remove(dst)
        src = sources.get(k)
        if src is None:
            if black is None:
                black = np.zeros_like(sample)
            if not cv2.imwrite(dst, black):
                raise OSError(f'cannot write {dst}')
        elif mode == 'symlink':
            os.symlink(os.path.abspath(src), dst)
        else:
            shutil.copyfile(src, dst)
    return num_frames - len(inside)
