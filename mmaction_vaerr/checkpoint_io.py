"""Load checkpoints without running code from them.

A ``.pth`` file is a pickle: unpickling it in full may call any function it
names (``os.system``, ...). Every checkpoint is therefore read with torch's
``weights_only`` unpickler, which only builds tensors, containers, numbers
and strings, plus this allow-list of what mmengine checkpoints also hold
(found with ``torch.serialization.get_unsafe_globals_in_checkpoint`` on the
checkpoints of real downstream, BYOL, DINO and LiRA runs, EMA included):

- ``mmengine.logging.HistoryBuffer`` (the message hub's logs, ``--resume``);
- ``numpy.ndarray``, ``numpy.dtype`` and numpy's array / scalar rebuild
  functions, under their numpy 2 (``numpy._core``) and numpy 1
  (``numpy.core``) names, and the classes of numpy's dtypes
  (``numpy.dtypes.Float64DType``, ...: the pickle sets a dtype's state)
  (HistoryBuffer data, logged numpy scalars);
- ``getattr``, restricted to ``HistoryBuffer``'s statistics methods
  (``min``, ``max``, ``current``, ``mean`` and registered ones): the pickled
  ``HistoryBuffer`` refers to them that way. Any other ``getattr`` is
  refused.

Anything else is refused with :class:`UnsafeCheckpointError`. Setting the
environment variable ``MMACTION_VAERR_UNSAFE_LOAD=1`` (or ``--unsafe-load``
of the tools) unpickles in full: only for files whose origin you trust, as
code in them then runs. See ``docs/checkpoints.md``.
"""
from __future__ import annotations

import os
import os.path as osp
import pickle
import re
import struct
import warnings
import zipfile
from typing import Any, Callable, List, Optional

import numpy as np
import torch

UNSAFE_LOAD_ENV = 'MMACTION_VAERR_UNSAFE_LOAD'
_STATISTICS = ('min', 'max', 'current', 'mean')
_UNSAFE_REASONS = ('Unsupported global', 'is blocked', 'unrecognized function',
                   'Can only create new object', 'is not allowed',
                   'allowlisted')
# what torch raises for a file cut short or not written by torch.save
_CORRUPT_TYPES = (pickle.UnpicklingError, EOFError, zipfile.BadZipFile,
                  KeyError, UnicodeDecodeError, struct.error)
_CORRUPT_REASONS = ('PytorchStreamReader', 'zip archive', 'central directory',
                    'unexpected EOF', 'invalid load key', 'file offset')


class CheckpointError(RuntimeError):
    """A checkpoint that cannot be used; ``filename`` names it."""

    def __init__(self, filename: str, message: str) -> None:
        super().__init__(message)
        self.filename = filename


class UnsafeCheckpointError(CheckpointError):
    """Unpickling the checkpoint would run code outside the allow-list."""


class CorruptCheckpointError(CheckpointError):
    """The file is truncated or was not written by ``torch.save``."""


class CheckpointMismatchError(CheckpointError):
    """The checkpoint's weights do not fit the model of the config."""


def unsafe_load_enabled() -> bool:
    """Whether ``MMACTION_VAERR_UNSAFE_LOAD`` opts in to full unpickling."""
    return os.environ.get(UNSAFE_LOAD_ENV, '').strip().lower() in (
        '1', 'true', 'yes', 'on')


def _history_buffer_getattr(obj: Any, name: str) -> Callable:
    """``getattr`` as a pickle may use it: HistoryBuffer statistics only."""
    from mmengine.logging import HistoryBuffer
    if obj is HistoryBuffer and isinstance(name, str) and (
            name in _STATISTICS or name in HistoryBuffer._statistics_methods):
        return getattr(HistoryBuffer, name)
    raise pickle.UnpicklingError(
        f'getattr({obj!r}, {name!r}) is not allowed (only the statistics '
        'methods of mmengine HistoryBuffer)')


def allowed_globals() -> List[Any]:
    """What mmengine checkpoints hold beyond torch's own safe types."""
    from mmengine.logging import HistoryBuffer
    multiarray = np._core.multiarray if hasattr(np, '_core') \
        else np.core.multiarray
    rebuild = []
    for fn in (multiarray._reconstruct, multiarray.scalar):
        for module in ('numpy._core.multiarray', 'numpy.core.multiarray'):
            rebuild.append((fn, f'{module}.{fn.__name__}'))
    # the classes of dtype instances, whose state the pickle sets (BUILD)
    dtype_classes = {type(np.dtype(c)) for c in np.typecodes['All']}
    return [HistoryBuffer, np.ndarray, np.dtype, *sorted(
        dtype_classes, key=lambda c: c.__name__), *rebuild,
        (_history_buffer_getattr, 'builtins.getattr')]


def _reason(error: BaseException) -> str:
    """The informative part of a torch / pickle error, on one line."""
    if isinstance(error, EOFError):
        return 'the data ends early'
    if isinstance(error, (KeyError, UnicodeDecodeError, struct.error)):
        return 'not a file written by torch.save'
    msg = str(error)
    if 'WeightsUnpickler error:' in msg:
        msg = msg.split('WeightsUnpickler error:', 1)[1]
    elif msg.startswith('Weights only load failed'):
        msg = msg.split('\n\n', 1)[-1]
    msg = msg.split('Check the documentation of torch.load')[0]
    msg = msg.split('This is an internal miniz error')[0]
    return re.sub(r'\s+', ' ', msg).strip(' .') or type(error).__name__


def _unsafe_globals(source: Any) -> List[str]:
    """Globals outside the allow-list named in a zip checkpoint's pickle."""
    if not isinstance(source, str):
        return []
    try:
        with torch.serialization.safe_globals(allowed_globals()):
            return list(
                torch.serialization.get_unsafe_globals_in_checkpoint(source))
    except Exception:  # noqa: BLE001 - not a readable zip: no static list
        return []


def classify_load_error(source: str,
                        error: BaseException) -> Optional[CheckpointError]:
    """The named :class:`CheckpointError` for what ``torch.load`` raised.

    None when the error says nothing about the file (e.g. a CUDA
    ``map_location`` on a CPU-only machine): the caller re-raises it.
    """
    reason = _reason(error)
    unsafe = _unsafe_globals(source)
    if unsafe or any(r in reason for r in _UNSAFE_REASONS):
        what = ', '.join(unsafe) if unsafe else reason
        return UnsafeCheckpointError(
            source, f'{source}: refused to load: unpickling it would call '
            f'{what}, which is not among what mmengine checkpoints hold '
            '(tensors, numpy arrays/scalars, HistoryBuffer); a checkpoint '
            'can run code this way. If you trust where the file comes from, '
            f'set {UNSAFE_LOAD_ENV}=1 (or pass --unsafe-load) to unpickle it '
            'in full (see docs/checkpoints.md)')
    if isinstance(error, _CORRUPT_TYPES) or any(
            r in reason for r in _CORRUPT_REASONS):
        return CorruptCheckpointError(
            source, f'{source}: truncated or not a checkpoint ({reason})')
    return None


def safe_torch_load(source: Any, map_location: Any = None,
                    name: Optional[str] = None) -> Any:
    """``torch.load`` with the allow-list; errors become CheckpointErrors.

    Args:
        source: a file name or a file-like object.
        map_location: as for :func:`torch.load`.
        name: how to name the file in messages (default: ``source``).
    """
    name = name or str(source)
    unsafe = unsafe_load_enabled()
    if unsafe:
        warnings.warn(f'{UNSAFE_LOAD_ENV} is set: unpickling {name} in full; '
                      'code in the file runs')
    try:
        if unsafe:
            return torch.load(source, map_location=map_location,
                              weights_only=False)
        with torch.serialization.safe_globals(allowed_globals()):
            return torch.load(source, map_location=map_location,
                              weights_only=True)
    except CheckpointError:
        raise
    except (RuntimeError, ValueError, OSError, AttributeError, ImportError,
            *_CORRUPT_TYPES) as e:
        named = classify_load_error(name, e)
        if named is None:
            raise
        raise named from None


def load_local_checkpoint(filename: str, map_location: Any = None) -> Any:
    """mmengine's loader for local files (the ``''`` scheme), made safe."""
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'{filename} can not be found.')
    return safe_torch_load(filename, map_location)


def readable_checkpoint(filename: str) -> Optional[str]:
    """Why ``filename`` cannot be a complete checkpoint, or None if it can.

    Cheap: the zip's directory and CRCs are checked, nothing is unpickled
    (``torch.save`` writes zip files; a file cut short loses its directory).
    """
    if not osp.isfile(filename):
        return 'file not found'
    if os.path.getsize(filename) == 0:
        return 'empty file'
    if not zipfile.is_zipfile(filename):
        return 'not a zip archive written by torch.save'
    try:
        with zipfile.ZipFile(filename) as z:
            bad = z.testzip()
            if not any(n.endswith('data.pkl') for n in z.namelist()):
                return 'no data.pkl in the archive'
    except (zipfile.BadZipFile, OSError, EOFError) as e:
        return str(e) or type(e).__name__
    return f'corrupt member {bad}' if bad else None
