import os
import os.path as osp

import pytest

import mmaction_vaerr  # noqa: F401  (patches + registration before tests)
from mmaction.utils import register_all_modules

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


# photos of three people (two each) in ../shared/data/face_images
REALFACE_TEST_PHOTOS = ('deepface_img1.jpg', 'deepface_img2.jpg',
                        'deepface_img29.jpg', 'deepface_img30.jpg',
                        'deepface_img38.jpg', 'deepface_img39.jpg')


@pytest.fixture(scope='session')
def realface_photos(shared_data, tmp_path_factory) -> str:
    """A folder linking six shared photos of three real people."""
    d = tmp_path_factory.mktemp('realface_photos')
    for name in REALFACE_TEST_PHOTOS:
        os.symlink(osp.join(shared_data, 'face_images', name), d / name)
    return str(d)


@pytest.fixture(scope='session')
def realface_cache(tmp_path_factory) -> str:
    """Landmark cache shared by the real-face tests (detect once)."""
    return str(tmp_path_factory.mktemp('realface_cache'))


@pytest.fixture(scope='session')
def tiny_realface(realface_photos, realface_cache, tmp_path_factory) -> str:
    """A tiny real-face set in both layouts (3 subjects x 2 videos)."""
    from mmaction_vaerr.datasets.realface import generate_realface_dataset
    root = str(tmp_path_factory.mktemp('realface'))
    generate_realface_dataset(
        root, num_subjects=3, videos_per_subject=2, num_frames=30, seed=1,
        splits=dict(train=1, val=1, test=1), photo_dir=realface_photos,
        clip_dir='', cache_dir=realface_cache,
        layouts=('canonical', 'affwild2'), affwild2_invalid=0.1)
    return root
