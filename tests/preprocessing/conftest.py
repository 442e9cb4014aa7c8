"""Shared fixtures for the face preprocessing tests (real clips, dlib)."""
import os.path as osp

import pytest

from mmaction_vaerr.preprocessing.backends import (BackendUnavailable,
                                                   DlibBackend)


@pytest.fixture(scope='session')
def dlib_backend():
    """The offline backend; these tests need the ``face`` extra."""
    try:
        return DlibBackend()
    except BackendUnavailable as e:
        pytest.skip(str(e))


@pytest.fixture(scope='session')
def clip(real_clips):
    """``clip(name)`` -> path of a real clip (fails if it is missing)."""

    def get(name: str) -> str:
        path = osp.join(real_clips, name)
        if not osp.isfile(path):
            pytest.fail(f'real clip {path} is missing')
        return path

    return get
