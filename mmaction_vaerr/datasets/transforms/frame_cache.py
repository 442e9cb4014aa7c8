"""Decode each video once into a gray uint8 ``.npy`` and read frames from it.

Training samples a new random segment of every video each epoch; decoding
(``DecordInit`` + ``DecordDecode``) and ``ToGray`` then cost far more than
reading ``T x 96 x 96`` bytes. ``GrayCacheInit`` decodes a video the first
time it is seen (all frames, with decord, converted by the project's
``ToGray``) into a cache file and memory-maps it afterwards;
``GrayCacheDecode`` copies the sampled frames out. The frames are identical
to ``DecordInit -> DecordDecode -> ToGray`` on the same ``frame_inds``.

Where the cache goes (first that applies):

1. ``GrayCacheInit(cache_dir=...)``, or the environment variable
   ``MMACTION_VAERR_CACHE_DIR``: ``<dir>/<hash of the video path>_<name>
   .gray.npy``, so a dataset folder can stay read-only and untouched;
2. otherwise next to the video, ``<video>.gray.npy`` (the default);
3. when the video's folder cannot be written, the user cache
   ``$XDG_CACHE_HOME/mmaction_vaerr/gray_frames`` (``~/.cache/...``).

A cache is trusted only for the exact video file it was built from: it
records a key of the video's size, modification time and a hash of its
first and last 64 KiB, and is rebuilt when the key differs (see
:mod:`._gray_cache_file`). Files are written to a unique temporary name and
renamed, so an interrupted build leaves no partial cache and concurrent
dataloader workers are safe. A file at the cache's name that is not a gray
frame cache is never overwritten: it is an error naming it.

Pipeline (replaces ``DecordInit``, ``DecordDecode`` and ``ToGray``)::

    [dict(type='GrayCacheInit'), dict(type='SampleVASegment', clip_len=100),
     dict(type='GrayCacheDecode'), ...]
"""
from __future__ import annotations

import itertools
import logging
import os
import os.path as osp
from typing import Dict, Optional

import numpy as np
from mmcv.transforms import BaseTransform
from mmengine.logging import print_log

from mmaction.registry import TRANSFORMS
from ._gray_cache_file import (CACHE_DIR_ENV, CACHE_SUFFIX,  # noqa: F401
                               cache_path, open_cache, user_cache_dir,
                               video_key, writable_dir, write_cache)
from ...io import iter_frames
from .to_gray import ToGray


def _gray_blocks(filename: str, rgb_chunks):
    """``(start, (k, H, W) gray)`` for each list of RGB frames of
    ``rgb_chunks``, converted by :class:`ToGray` (both decoders' path)."""
    to_gray = ToGray()
    start = 0
    for frames in rgb_chunks:
        gray = to_gray.transform(dict(imgs=frames, filename=filename))
        yield start, np.stack(gray['imgs'])[..., 0]
        start += len(frames)


def _pyav_blocks(filename: str, chunk: int, n: int):
    """:func:`_gray_blocks` of the ``n`` frames decord counted, decoded by
    PyAV; a different count is an error naming the file."""
    frames = iter_frames(filename, fmt='rgb24', rotate=False)
    chunks = iter(lambda: list(itertools.islice(frames, chunk)), [])
    seen = 0
    for start, block in _gray_blocks(filename, chunks):
        seen = start + len(block)
        if seen > n:
            raise ValueError(f'{filename}: PyAV decodes more frames than '
                             f'the {n} decord counts')
        yield start, block
    if seen != n:
        raise ValueError(f'{filename}: PyAV decodes {seen} frames, decord '
                         f'counts {n}')


def build_gray_cache(filename: str, path: str, chunk: int = 256,
                     key: Optional[bytes] = None) -> None:
    """Decode every frame of ``filename`` with decord into gray ``path``.

    Where decord cannot copy the frames out (decord 0.6 fails on 48-px-wide
    frames: "DECORDArrayCopyFromTo: The size must exactly match"), the
    video is decoded with PyAV instead
    (:func:`mmaction_vaerr.io.iter_frames`; logged).
    """
    import decord
    try:
        reader = decord.VideoReader(filename, num_threads=1)
    except Exception as e:  # decord raises its own DECORDError
        raise ValueError(f'{filename}: cannot be decoded: {e}') from e
    n = len(reader)
    if n == 0:
        raise ValueError(f'{filename}: video has no frames')
    try:
        reader.get_batch([0]).asnumpy()
    except Exception as e:  # decord's DECORDError
        print_log(f'{filename}: decord cannot copy its frames out ({e}); '
                  'decoding it with PyAV', logger='current',
                  level=logging.WARNING)
        _write(path, filename, _pyav_blocks(filename, chunk, n), n, key)
        return
    chunks = (list(reader.get_batch(list(range(i, min(n, i + chunk))))
                   .asnumpy()) for i in range(0, n, chunk))
    _write(path, filename, _gray_blocks(filename, chunks), n, key)


def _write(path: str, filename: str, blocks, n: int,
           key: Optional[bytes]) -> None:
    """:func:`write_cache` with an error that names a full or read-only
    cache folder."""
    try:
        write_cache(path, blocks, n, key or video_key(filename))
    except OSError as e:  # disk full, read-only cache folder
        raise OSError(e.errno, f'{path}: cannot write the gray frame cache '
                      f'of {filename} ({e.strerror or e}); point '
                      f'GrayCacheInit(cache_dir=...) or {CACHE_DIR_ENV} at '
                      'a writable folder with space') from e


@TRANSFORMS.register_module()
class GrayCacheInit(BaseTransform):
    """Open (building it on first use) the gray frame cache of a video.

    Required Keys: filename.
    Added Keys: gray_cache (a read-only ``(T, H, W)`` uint8 memmap),
    total_frames (the number of decoded frames, as ``DecordInit``).

    Args:
        cache_dir: folder for the cache files; None uses
            ``$MMACTION_VAERR_CACHE_DIR`` when set, else puts
            ``<video>.gray.npy`` next to each video (or in the user cache
            when the video's folder is read-only). See the module doc.
    """

    def __init__(self, cache_dir: Optional[str] = None) -> None:
        self.cache_dir = cache_dir
        self._told = set()

    def locate(self, filename: str, key: Optional[bytes] = None) -> str:
        """The cache file used for ``filename`` (see the module doc)."""
        folder = self.cache_dir or os.environ.get(CACHE_DIR_ENV) or None
        path = cache_path(filename, folder)
        video_dir = osp.dirname(osp.abspath(path))
        if folder is not None or writable_dir(video_dir):
            return path
        key = key or video_key(filename)
        if osp.isfile(path) and open_cache(path)[1] == key:
            return path   # a valid cache beside a read-only video
        if video_dir not in self._told:
            self._told.add(video_dir)
            print_log(f'GrayCacheInit: {video_dir} is read-only; its gray '
                      f'frame caches go to {user_cache_dir()}',
                      logger='current', level=logging.WARNING)
        return cache_path(filename, user_cache_dir())

    def transform(self, results: Dict) -> Dict:
        if 'filename' not in results:
            raise KeyError("GrayCacheInit needs 'filename' (a video file); "
                           f'got keys {sorted(results)}')
        filename = results['filename']
        if not osp.isfile(filename):
            raise FileNotFoundError(f'video not found: {filename}')
        key = video_key(filename)
        path = self.locate(filename, key)
        frames, stored = open_cache(path)
        if frames is None or stored != key:
            build_gray_cache(filename, path, key=key)
            frames, stored = open_cache(path)
            if frames is None:
                raise ValueError(f'{path}: the gray frame cache just written '
                                 f'for {filename} cannot be read back')
        results['gray_cache'] = frames
        results['total_frames'] = len(frames)
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}(cache_dir={self.cache_dir!r})'


@TRANSFORMS.register_module()
class GrayCacheDecode(BaseTransform):
    """Copy the frames ``frame_inds`` out of the gray cache.

    Required Keys: gray_cache, frame_inds.
    Added Keys: imgs (list of ``(H, W, 1)`` uint8 arrays: writable,
    non-overlapping rows of one freshly copied clip), original_shape,
    img_shape.
    Modified Keys: gray_cache (removed).
    """

    def transform(self, results: Dict) -> Dict:
        frames = results.pop('gray_cache', None)
        if frames is None:
            raise KeyError('GrayCacheDecode needs gray_cache: put '
                           'GrayCacheInit before it in the pipeline')
        inds = np.asarray(results['frame_inds']).reshape(-1)
        if len(inds) and (inds.min() < 0 or inds.max() >= len(frames)):
            raise IndexError(
                f"{results.get('filename', '?')}: frame indices "
                f'{inds.min()}..{inds.max()} outside the {len(frames)} '
                'cached frames')
        clip = np.ascontiguousarray(frames[inds])[..., None]  # T, H, W, 1
        results['imgs'] = list(clip)
        results['original_shape'] = clip.shape[1:3]
        results['img_shape'] = clip.shape[1:3]
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}()'
