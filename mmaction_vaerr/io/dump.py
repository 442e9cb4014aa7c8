"""Prediction dumps (``tools/test.py --dump``) read without running code.

mmengine's ``DumpResults`` writes the test samples with :mod:`pickle`: a
list of dicts of tensors, arrays, numbers and strings. ``pickle.load`` on
such a file runs whatever callable the file names, and the tensors inside
are rebuilt by ``torch.storage._load_from_bytes``, which itself calls
``torch.load(weights_only=False)``. :func:`load_dump` reads the same files
with an allow-list: containers, numbers and strings, NumPy arrays, and
tensors whose storages are read by ``torch.load(weights_only=True)``.
Anything else is refused with the file and the object named, before it is
built.
"""
from __future__ import annotations

import importlib
import io
import pickle
from typing import Any

import torch

_BUILTINS = {'set', 'frozenset', 'slice', 'complex', 'bytearray', 'range'}
_NUMPY = {
    ('numpy', 'ndarray'), ('numpy', 'dtype'),
    ('numpy.core.multiarray', '_reconstruct'),
    ('numpy._core.multiarray', '_reconstruct'),
    ('numpy.core.multiarray', 'scalar'),
    ('numpy._core.multiarray', 'scalar'),
}


class DumpError(ValueError):
    """A dump file that cannot be read safely (names the file)."""


def _storage_from_bytes(data: bytes):
    # torch's own _load_from_bytes uses weights_only=False
    return torch.load(io.BytesIO(data), weights_only=True)


class _SafeUnpickler(pickle.Unpickler):

    def __init__(self, f, path: str) -> None:
        super().__init__(f)
        self.path = path

    def find_class(self, module: str, name: str) -> Any:
        if module == 'builtins' and name in _BUILTINS:
            return getattr(__import__('builtins'), name)
        if (module, name) == ('collections', 'OrderedDict'):
            from collections import OrderedDict
            return OrderedDict
        if (module, name) == ('_codecs', 'encode'):
            import codecs
            return codecs.encode
        if (module, name) in _NUMPY or (module == 'numpy.dtypes'
                                        and name.endswith('DType')):
            return getattr(importlib.import_module(module), name)
        if module == 'torch._utils' and name in ('_rebuild_tensor_v2',
                                                 '_rebuild_tensor'):
            return getattr(torch._utils, name)
        if (module, name) == ('torch.storage', '_load_from_bytes'):
            return _storage_from_bytes
        if module == 'torch' and isinstance(getattr(torch, name, None),
                                            torch.dtype):
            return getattr(torch, name)
        raise DumpError(
            f'{self.path}: refusing to load {module}.{name}: a prediction '
            'dump holds only containers, numbers, strings, arrays and '
            'tensors, and building other objects could run code')


def load_dump(path: str) -> Any:
    """Read a prediction dump written by ``tools/test.py --dump``.

    Args:
        path: the ``.pkl`` file.

    Returns:
        What was dumped (a list of sample dicts).

    Raises:
        DumpError: the file is not a pickle, or names an object outside the
            allow-list (the message names the file and the object).
    """
    with open(path, 'rb') as f:
        try:
            return _SafeUnpickler(f, path).load()
        except DumpError:
            raise
        except pickle.UnpicklingError as e:
            if 'weights_only' in str(e) or 'Weights only' in str(e):
                raise DumpError(f'{path}: a tensor inside holds objects '
                                f'that are not tensor data ({e})') from None
            raise DumpError(f'{path}: not a prediction dump ({e})') from None
        except (EOFError, ValueError, TypeError, AttributeError) as e:
            raise DumpError(f'{path}: not a prediction dump '
                            f'({type(e).__name__}: {e})') from None
