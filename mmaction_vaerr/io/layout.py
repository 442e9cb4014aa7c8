"""The canonical dataset layout: where every file of a dataset root lives.

This module is the one owner of the folder names; everything else asks a
:class:`DatasetLayout` for a path instead of joining ``'labels'`` by hand::

    <root>/videos/<video_id>.mp4         face-aligned grayscale clips
    <root>/frames/<video_id>/00001.png   or one image per frame (1-based)
    <root>/labels/<video_id>.csv         per-frame arousal/valence CSV
    <root>/landmarks/<video_id>.npy      optional (T, 68, 2) float32
    <root>/face_masks/<video_id>.npy     optional (T,) bool, True = a face
    <root>/splits/<split>.txt            one video_id per line

``video_id`` may contain ``/`` (``subject_03/video_01``); the first path
component is the subject used for subject-disjoint splits. The label format
itself is :mod:`mmaction_vaerr.datasets.va_annotation`.
"""
from __future__ import annotations

import os.path as osp
from pathlib import Path
from typing import Optional, Sequence, Tuple

import numpy as np

#: Every container extension the project reads (lower case, with the dot).
VIDEO_EXTS = ('.mp4', '.avi', '.mov', '.mkv', '.webm', '.m4v', '.mpg',
              '.mpeg', '.flv', '.wmv', '.3gp')


def find_video(video_dir: str, video_id: str,
               exts: Sequence[str] = VIDEO_EXTS) -> Optional[str]:
    """``<video_dir>/<video_id><ext>`` for the first existing extension."""
    for ext in exts:
        path = osp.join(video_dir, video_id + ext)
        if osp.isfile(path):
            return path
    return None


class DatasetLayout:
    """Paths of one dataset root in the canonical layout.

    Args:
        root: the dataset root.

    Example:
        >>> lay = DatasetLayout('data/sewa')
        >>> lay.label('s01/v02')
        'data/sewa/labels/s01/v02.csv'
    """

    VIDEOS = 'videos'
    FRAMES = 'frames'
    LABELS = 'labels'
    LANDMARKS = 'landmarks'
    FACE_MASKS = 'face_masks'
    SPLITS = 'splits'

    def __init__(self, root: str) -> None:
        self.root = str(root)

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}({self.root!r})'

    def dir(self, kind: str) -> str:
        """``<root>/<kind>`` (``kind`` one of the folder names above)."""
        return osp.join(self.root, kind)

    def video(self, video_id: str, ext: str = '.mp4') -> str:
        return osp.join(self.root, self.VIDEOS, video_id + ext)

    def find_video(self, video_id: str,
                   exts: Sequence[str] = VIDEO_EXTS) -> Optional[str]:
        """The existing ``videos/<id><ext>``, trying ``exts`` in order."""
        return find_video(self.dir(self.VIDEOS), video_id, exts)

    def frames(self, video_id: str) -> str:
        return osp.join(self.root, self.FRAMES, video_id)

    def label(self, video_id: str) -> str:
        return osp.join(self.root, self.LABELS, video_id + '.csv')

    def landmarks(self, video_id: str) -> str:
        return osp.join(self.root, self.LANDMARKS, video_id + '.npy')

    def face_mask(self, video_id: str) -> str:
        return osp.join(self.root, self.FACE_MASKS, video_id + '.npy')

    def split(self, name: str) -> str:
        return osp.join(self.root, self.SPLITS, name + '.txt')

    def has_split(self, name: str) -> bool:
        return osp.isfile(self.split(name))

    @classmethod
    def of_video(cls, path: str) -> Optional[Tuple['DatasetLayout', str]]:
        """``(layout, video_id)`` of ``<root>/videos/<id>.<ext>``, or None
        when ``path`` has no ``videos`` folder above it (the last one
        counts)."""
        parts = Path(path).parts
        if cls.VIDEOS not in parts[:-1]:
            return None
        i = len(parts) - 1 - parts[::-1].index(cls.VIDEOS)
        root = str(Path(*parts[:i])) if i else ''
        vid = Path(*parts[i + 1:]).with_suffix('').as_posix()
        return cls(root), vid


def read_face_mask(path: str) -> np.ndarray:
    """Load a ``(T,)`` bool face mask (``face_masks/<id>.npy``).

    Raises:
        ValueError: the file holds something else (the message names it).
    """
    mask = np.load(path, allow_pickle=False)
    if mask.ndim != 1 or mask.dtype != bool:
        raise ValueError(f'{path}: expected a (T,) bool array, got '
                         f'{mask.shape} {mask.dtype}')
    return mask
