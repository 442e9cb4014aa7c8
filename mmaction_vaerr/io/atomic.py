"""Write a file so that it is either complete or absent: never half-written.

Every writer of the project (labels, masks, JSON summaries, videos, caches)
writes under a temporary name in the destination folder and renames the
result into place with ``os.replace`` (atomic on POSIX within one file
system). A failure (disk full, a killed run, an exception while writing)
removes the temporary file and leaves an existing ``path`` as it was.
"""
from __future__ import annotations

import json
import os
import os.path as osp
import uuid
from contextlib import contextmanager
from typing import Any, Iterator, Optional


def temp_name(path: str, keep_ext: bool = False,
              unique: bool = False) -> str:
    """The temporary name used while ``path`` is written.

    Args:
        path: the destination.
        keep_ext: put the marker before the extension (``a/b.tmp<pid>.mp4``
            instead of ``a/b.mp4.tmp<pid>``), for writers that choose the
            format from the file name.
        unique: add a random part (``.tmp<pid>-<12 hex>``), for writers
            that several threads of one process may run at once.
    """
    marker = f'.tmp{os.getpid()}'
    if unique:
        marker += f'-{uuid.uuid4().hex[:12]}'
    if keep_ext:
        stem, ext = osp.splitext(path)
        return f'{stem}{marker}{ext}'
    return f'{path}{marker}'


def discard(tmp: str) -> None:
    """Remove a temporary file if it exists (after a failure)."""
    if osp.lexists(tmp):
        os.remove(tmp)


@contextmanager
def atomic_write(path: str, keep_ext: bool = False,
                 unique: bool = False) -> Iterator[str]:
    """Yield a temporary path to write; move it to ``path`` on success.

    The parent folder is created. On an exception inside the block the
    temporary file is removed and the exception propagates; ``path`` is
    untouched.

    Example:
        >>> with atomic_write('out/mask.npy') as tmp:  # doctest: +SKIP
        ...     with open(tmp, 'wb') as f:
        ...         np.save(f, mask)

    Args:
        path: the destination file.
        keep_ext, unique: see :func:`temp_name`.
    """
    os.makedirs(osp.dirname(osp.abspath(path)), exist_ok=True)
    tmp = temp_name(path, keep_ext, unique)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        discard(tmp)
        raise


def write_json_atomic(path: str, obj: Any,
                      indent: Optional[int] = 1) -> None:
    """``json.dump`` ``obj`` to ``path`` through :func:`atomic_write`."""
    with atomic_write(path) as tmp:
        with open(tmp, 'w') as f:
            json.dump(obj, f, indent=indent)
