"""Where a gray frame cache lives, what it is keyed on, how it is written.

A cache is a standard ``.npy`` (``(T, H, W)`` uint8, readable by
``np.load``) followed by a 57-byte record that NumPy ignores::

    VAERRGRAYCACHE1\\n <40 hex digits: the video's key> \\n

The key is the SHA-1 of the video's size, modification time (ns) and its
first and last 64 KiB (the container header and, for MP4, the ``moov``
index). A video replaced by another one (even a shorter one with an older
modification time) has another key, so its cache is rebuilt; a cache whose
record is missing (written by an older version) is rebuilt too. Caches are
written to a unique temporary name in the destination folder and renamed
with ``os.replace``: a reader sees the old complete file or the new one,
and concurrent dataloader workers building the same cache are safe (the
last rename wins; both files are identical).
"""
from __future__ import annotations

import hashlib
import os
import os.path as osp
from typing import Optional, Tuple

import numpy as np

from ...io.atomic import atomic_write

CACHE_SUFFIX = '.gray.npy'
CACHE_DIR_ENV = 'MMACTION_VAERR_CACHE_DIR'
MAGIC = b'VAERRGRAYCACHE1\n'
TRAILER_LEN = len(MAGIC) + 41
_BLOCK = 1 << 16


def user_cache_dir() -> str:
    """``$XDG_CACHE_HOME/mmaction_vaerr/gray_frames`` (``~/.cache/...``)."""
    base = os.environ.get('XDG_CACHE_HOME') or osp.join(
        osp.expanduser('~'), '.cache')
    return osp.join(base, 'mmaction_vaerr', 'gray_frames')


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


def video_key(filename: str) -> bytes:
    """40 hex digits identifying this version of the video file."""
    st = os.stat(filename)
    h = hashlib.sha1(f'{st.st_size}:{st.st_mtime_ns}:'.encode())
    with open(filename, 'rb') as f:
        h.update(f.read(_BLOCK))
        if st.st_size > 2 * _BLOCK:
            f.seek(-_BLOCK, os.SEEK_END)
        h.update(f.read(_BLOCK))
    return h.hexdigest().encode()


def _tail_key(f) -> Optional[bytes]:
    f.seek(0, os.SEEK_END)
    if f.tell() < TRAILER_LEN:
        return None
    f.seek(-TRAILER_LEN, os.SEEK_END)
    tail = f.read()
    if not tail.startswith(MAGIC) or not tail.endswith(b'\n'):
        return None
    return tail[len(MAGIC):-1]


def open_cache(path: str) -> Tuple[Optional[np.ndarray], Optional[bytes]]:
    """``(frames, key)`` of the cache at ``path``; ``(None, None)`` if none.

    Frames and key are read through one file handle, so they belong to the
    same file even while another worker replaces it.

    Raises:
        ValueError: ``path`` exists but is not a gray frame cache.
    """
    try:
        f = open(path, 'rb')
    except FileNotFoundError:
        return None, None
    with f:
        try:
            fmt = np.lib.format
            version = fmt.read_magic(f)
            if version not in ((1, 0), (2, 0)):
                raise ValueError(f'.npy format version {version}')
            read = (fmt.read_array_header_1_0 if version == (1, 0) else
                    fmt.read_array_header_2_0)
            shape, fortran, dtype = read(f)
            offset = f.tell()
        except (ValueError, OSError, EOFError) as e:
            raise ValueError(f'{path}: not a gray frame cache ({e}); delete '
                             'it to rebuild') from None
        if len(shape) != 3 or dtype != np.uint8 or fortran:
            raise ValueError(f'{path}: not a gray frame cache (shape {shape},'
                             f' dtype {dtype}); delete it to rebuild')
        key = _tail_key(f)
        if key is None or f.tell() != offset + int(np.prod(shape)) + \
                TRAILER_LEN:
            return None, None   # an old-format or foreign-sized cache
        frames = np.memmap(f, dtype=np.uint8, mode='r', offset=offset,
                           shape=shape)
    return frames, key


def writable_dir(folder: str) -> bool:
    """True when ``folder`` exists and can be written, or can be created."""
    while not osp.isdir(folder):
        parent = osp.dirname(folder)
        if parent == folder:
            return False
        folder = parent
    return os.access(folder, os.W_OK | os.X_OK)


def write_cache(path: str, frames, num: int, key: bytes) -> None:
    """Write ``num`` gray frames from the iterator ``frames`` atomically.

    ``frames`` yields ``(start, block)`` with ``block`` ``(k, H, W)`` uint8.
    """
    with atomic_write(path, unique=True) as tmp:
        out = None
        for start, block in frames:
            if out is None:
                out = np.lib.format.open_memmap(
                    tmp, mode='w+', dtype=np.uint8,
                    shape=(num, ) + block.shape[1:])
            out[start:start + len(block)] = block
        out.flush()
        del out
        with open(tmp, 'ab') as f:
            f.write(MAGIC + key + b'\n')
            f.flush()
            os.fsync(f.fileno())
