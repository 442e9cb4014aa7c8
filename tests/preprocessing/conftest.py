"""Shared fixtures for the face preprocessing tests (dlib)."""
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
