"""Decode each video once into a gray uint8 ``.npy`` and read frames from it.

Training samples a new random segment of every video each epoch; decoding
(``DecordInit`` + ``DecordDecode``) and ``ToGray`` then cost far more than
reading ``T x 96 x 96`` bytes. ``GrayCacheInit`` decodes a video the first
time it is seen (all frames, with decord, converted by the project's
``ToGray``) into ``<video>.gray.npy`` (or under ``cache_dir``), and memory-maps
it afterwards; ``GrayCacheDecode`` copies the sampled frames out. The frames
are identical to ``DecordInit -> DecordDecode -> ToGray`` on the same
``frame_inds``. A cache older than its video is rebuilt; files are written
to a temporary name and renamed, so concurrent dataloader workers are safe.

Pipeline (replaces ``DecordInit``, ``DecordDecode`` and ``ToGray``)::

    [dict(type='GrayCacheInit'), dict(type='SampleVASegment', clip_len=100),
     dict(type='GrayCacheDecode'), ...]
"""
from __future__ import annotations

import hashlib
import os
import os.path as osp
from typing import Dict, Optional

import numpy as np
from mmcv.transforms import BaseTransform

from mmaction.registry import TRANSFORMS
from .to_gray import ToGray

CACHE_SUFFIX = '.gray.npy'


def cache_path(filename: str, cache_dir: Optional[str] = None) -> str:
    """Where the gray cache of ``filename`` lives.

    Next to the video (``<video>.gray.npy``) or, with ``cache_dir``, in that
    folder under a name made unique by a hash of the video's absolute path.
    """
    if cache_dir is None:
        return filename + CACHE_SUFFIX
    key = hashlib.sha1(osp.abspath(filename).encode()).hexdigest()[:16]
    return osp.join(cache_dir, f'{key}_{osp.basename(filename)}'
                    f'{CACHE_SUFFIX}')


def build_gray_cache(filename: str, path: str, chunk: int = 256) -> None:
    """Decode every frame of ``filename`` with decord into gray ``path``."""
    import decord
    try:
        reader = decord.VideoReader(filename, num_threads=1)
    except Exception as e:  # decord raises its own DECORDError
        raise ValueError(f'{filename}: cannot be decoded: {e}') from e
    n = len(reader)
    if n == 0:
        raise ValueError(f'{filename}: video has no frames')
    to_gray = ToGray()
    os.makedirs(osp.dirname(osp.abspath(path)), exist_ok=True)
    tmp = f'{path}.tmp{os.getpid()}'
    out = None
    try:
        for start in range(0, n, chunk):
            inds = list(range(start, min(n, start + chunk)))
            frames = list(reader.get_batch(inds).asnumpy())
            gray = to_gray.transform(dict(imgs=frames, filename=filename))
            block = np.stack(gray['imgs'])[..., 0]
            if out is None:
                out = np.lib.format.open_memmap(
                    tmp, mode='w+', dtype=np.uint8,
                    shape=(n, ) + block.shape[1:])
            out[start:start + len(inds)] = block
        out.flush()
        del out
        os.replace(tmp, path)
    finally:
        if osp.exists(tmp):
            os.remove(tmp)


def _is_fresh(path: str, filename: str) -> bool:
    return osp.isfile(path) and osp.getmtime(path) >= osp.getmtime(filename)


@TRANSFORMS.register_module()
class GrayCacheInit(BaseTransform):
    """Open (building it on first use) the gray frame cache of a video.

    Required Keys: filename.
    Added Keys: gray_cache (a read-only ``(T, H, W)`` uint8 memmap),
    total_frames (the number of decoded frames, as ``DecordInit``).

    Args:
        cache_dir: folder for the cache files; None puts
            ``<video>.gray.npy`` next to each video.
    """

    def __init__(self, cache_dir: Optional[str] = None) -> None:
        self.cache_dir = cache_dir

    def transform(self, results: Dict) -> Dict:
        if 'filename' not in results:
            raise KeyError("GrayCacheInit needs 'filename' (a video file); "
                           f'got keys {sorted(results)}')
        filename = results['filename']
        if not osp.isfile(filename):
            raise FileNotFoundError(f'video not found: {filename}')
        path = cache_path(filename, self.cache_dir)
        if not _is_fresh(path, filename):
            build_gray_cache(filename, path)
        frames = np.load(path, mmap_mode='r')
        if frames.ndim != 3 or frames.dtype != np.uint8:
            raise ValueError(f'{path}: not a gray frame cache (shape '
                             f'{frames.shape}, dtype {frames.dtype}); '
                             'delete it to rebuild')
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
