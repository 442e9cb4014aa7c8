"""Write a file so that it is either complete or absent: never half-written.

Every writer of the project (labels, masks, JSON summaries, videos, caches)
writes under a temporary name in the destination folder and renames the
result into place with ``os.replace`` (atomic on POSIX within one file
system). A failure (disk full, a killed run, an exception while writing)
removes the temporary file and leaves an existing ``path`` as it was.
Outputs made of several files are committed together (:func:`commit_group`).

Result files are stamped with the tool that wrote them (``written_by``) so
that a rerun may replace its own output, while any other existing file is
kept unless the user passes ``--overwrite`` (:func:`check_replace`).
"""
from __future__ import annotations

import json
import os
import os.path as osp
import uuid
from contextlib import contextmanager
from typing import Any, Iterator, Mapping, Optional, Sequence


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


def commit_group(tmps: Mapping[str, str], paths: Mapping[str, str],
                 order: Optional[Sequence[str]] = None,
                 missing_ok: bool = False) -> None:
    """Rename complete temporary files to their names, one after another.

    Args:
        tmps: key -> temporary file (from :func:`temp_name`).
        paths: key -> destination.
        order: the keys in commit order (default: ``tmps``' order); put
            first the file whose presence vouches for the others.
        missing_ok: skip a key whose temporary file was not written (an
            optional output) instead of raising ``FileNotFoundError``.
    """
    for key in (tmps if order is None else order):
        if missing_ok and not osp.lexists(tmps[key]):
            continue
        os.replace(tmps[key], paths[key])


def discard_group(tmps: Mapping[str, str]) -> None:
    """Remove the temporary files of a group (after a failure)."""
    for tmp in tmps.values():
        if tmp:
            discard(tmp)


def written_by(path: str) -> Optional[str]:
    """The ``written_by`` stamp of a JSON object file, or None (another
    kind of file, unreadable, or not stamped)."""
    try:
        with open(path) as f:
            obj = json.load(f)
    except (OSError, ValueError):
        return None
    tool = obj.get('written_by') if isinstance(obj, dict) else None
    return tool if isinstance(tool, str) else None


def check_replace(path: Optional[str], overwrite: bool = False,
                  tool: Optional[str] = None) -> None:
    """Refuse to replace a file this tool did not write.

    Call it before any work, so that a conflict costs nothing.

    Args:
        path: the output (None: nothing is written; nothing to check).
        overwrite: the user allowed replacing any file (``--overwrite``).
        tool: the writing tool's stamp; an existing JSON file that
            :func:`write_json_atomic` stamped with it may be replaced.

    Raises:
        FileExistsError: ``path`` exists and may not be replaced.
    """
    if path is None or overwrite or not osp.lexists(path):
        return
    if tool is not None and written_by(path) == tool:
        return
    raise FileExistsError(
        f'{path} exists and was not written by '
        f'{tool or "this tool"}; not replaced (pass --overwrite to replace '
        'it, or choose another output path)')


def write_json_atomic(path: str, obj: Any, indent: Optional[int] = 1,
                      tool: Optional[str] = None) -> None:
    """``json.dump`` ``obj`` to ``path`` through :func:`atomic_write`.

    Args:
        path: the destination.
        obj: JSON-serialisable; a dict when ``tool`` is given.
        indent: ``json.dump``'s indent (None: compact).
        tool: stamp the object with ``written_by=tool`` (first key), which
            lets :func:`check_replace` recognise a rerun's own file.
    """
    if tool is not None:
        obj = dict(written_by=tool, **{k: v for k, v in obj.items()
                                       if k != 'written_by'})
    with atomic_write(path) as tmp:
        with open(tmp, 'w') as f:
            json.dump(obj, f, indent=indent)
