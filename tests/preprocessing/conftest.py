"""Shared fixtures for the face preprocessing tests (real clips, dlib)."""
import os.path as osp

import pytest

from mmaction_vaerr.preprocessing.backends import (BackendUnavailable,
                                                   DlibBackend)
from mmaction_vaerr.testing import write_phone_clip


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


@pytest.fixture
def phone_clip():
    """``phone_clip(src, dst, degrees, frames, hflip=False)`` -> path."""
    return write_phone_clip
