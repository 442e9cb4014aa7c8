import os
import os.path as osp

import pytest

import mmaction_vaerr  # noqa: F401  (patches + registration before tests)

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
SHARED_DATA = osp.normpath(osp.join(REPO, '..', 'shared', 'data'))


@pytest.fixture(scope='session')
def shared_data() -> str:
    """``../shared/data`` next to the repository (real clips and labels)."""
    if not osp.isdir(SHARED_DATA):
        pytest.fail(f'shared data not found at {SHARED_DATA}')
    return SHARED_DATA


@pytest.fixture(scope='session')
def real_clips(shared_data) -> str:
    return osp.join(shared_data, 'real_clips')


@pytest.fixture(scope='session')
def real_labels(shared_data) -> str:
    return osp.join(shared_data, 'labels')


os.environ.setdefault('OMP_NUM_THREADS', '2')
