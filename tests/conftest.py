import os
import os.path as osp

import pytest

# 'auto' precision picks bf16 only on CPUs with native bf16; tests compare
# against fp32 references and must behave (and take) the same on every CPU
# kind, so they pin fp32 unless a test asks for a precision itself
# (tests/utils/test_hardware.py clears this to test the decision).
os.environ.setdefault('MMACTION_VAERR_PRECISION', 'fp32')

import mmaction_vaerr  # noqa: E402,F401  (patches + registration first)
from mmaction.utils import register_all_modules  # noqa: E402

# build transforms/models outside a Runner in mmaction2's scope
register_all_modules(init_default_scope=True)

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


@pytest.fixture(scope='session')
def tiny_synthetic(tmp_path_factory) -> str:
    """A tiny synthetic VA dataset in the canonical layout (6 subjects)."""
    from mmaction_vaerr.datasets.synthetic import generate_synthetic_dataset
    root = str(tmp_path_factory.mktemp('synthetic'))
    generate_synthetic_dataset(root, num_subjects=6, videos_per_subject=2,
                               num_frames=(40, 56), seed=3,
                               splits=dict(train=4, val=1, test=1))
    return root
