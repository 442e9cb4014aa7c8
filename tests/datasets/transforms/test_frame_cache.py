"""The gray frame cache returns exactly the frames decord + ToGray return."""
import glob
import os
import os.path as osp

import numpy as np
import pytest
from mmcv.transforms import Compose

from mmaction_vaerr.datasets.transforms.frame_cache import (
    GrayCacheDecode, GrayCacheInit, cache_path)


def _videos(root):
    return sorted(glob.glob(osp.join(root, 'videos', '*', '*.mp4')))


def _decord(filename, inds):
    pipe = Compose([dict(type='DecordInit'), dict(type='DecordDecode'),
                    dict(type='ToGray')])
    return pipe(dict(filename=filename, frame_inds=inds))


def _cached(filename, inds, cache_dir=None):
    pipe = Compose([GrayCacheInit(cache_dir), GrayCacheDecode()])
    return pipe(dict(filename=filename, frame_inds=inds))


@pytest.fixture
def video(tiny_synthetic, tmp_path):
    """A private copy of one synthetic video (tests write caches)."""
    src = _videos(tiny_synthetic)[0]
    dst = tmp_path / 'v.mp4'
    dst.write_bytes(open(src, 'rb').read())
    return str(dst)


def test_frames_identical_to_decord_and_to_gray(tiny_synthetic, tmp_path):
    rng = np.random.default_rng(0)
    for filename in _videos(tiny_synthetic)[:2]:
        n = _decord(filename, np.array([0]))['total_frames']
        inds = np.concatenate([rng.integers(0, n, 20), [n - 1, 0, 0]])
        ref = _decord(filename, inds)
        out = _cached(filename, inds, str(tmp_path))
        assert out['total_frames'] == ref['total_frames'] == n
        assert len(out['imgs']) == len(inds)
        for a, b in zip(out['imgs'], ref['imgs']):
            assert a.shape == b.shape and a.dtype == b.dtype == np.uint8
            np.testing.assert_array_equal(a, b)
        assert out['img_shape'] == ref['img_shape']
        assert 'gray_cache' not in out


def test_cache_location_and_reuse(video, tmp_path):
    out = _cached(video, np.arange(3))
    path = video + '.gray.npy'
    assert osp.isfile(path) and out['total_frames'] == len(np.load(path))
    other = tmp_path / 'cache'
    _cached(video, np.arange(3), str(other))
    assert cache_path(video, str(other)).startswith(str(other))
    assert osp.isfile(cache_path(video, str(other)))
    mtime = osp.getmtime(path)
    _cached(video, np.arange(3))       # fresh cache: not rewritten
    assert osp.getmtime(path) == mtime


def test_stale_or_foreign_cache_is_handled(video):
    path = video + '.gray.npy'
    np.save(path, np.zeros((2, 4, 4), np.uint8))
    os.utime(path, (1, 1))             # older than the video: rebuilt
    out = _cached(video, np.array([5]))
    np.testing.assert_array_equal(out['imgs'][0],
                                  _decord(video, np.array([5]))['imgs'][0])
    np.save(path, np.zeros((2, 4, 4), np.float32))   # fresh but not gray
    with pytest.raises(ValueError, match='not a gray frame cache'):
        _cached(video, np.array([0]))


def test_errors_name_the_problem(video, tmp_path):
    with pytest.raises(FileNotFoundError, match='missing.mp4'):
        GrayCacheInit()(dict(filename=str(tmp_path / 'missing.mp4')))
    with pytest.raises(IndexError, match='outside the'):
        _cached(video, np.array([0, 10 ** 6]))
    with pytest.raises(KeyError, match='GrayCacheInit'):
        GrayCacheDecode()(dict(frame_inds=np.array([0])))
    bad = tmp_path / 'bad.mp4'
    bad.write_bytes(b'not a video')
    with pytest.raises(ValueError, match='bad.mp4'):
        GrayCacheInit()(dict(filename=str(bad)))
    assert not glob.glob(str(tmp_path / 'bad.mp4.gray.npy*'))
