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


def _by_length(root):
    """(shorter, longer) synthetic videos of different frame counts."""
    import decord
    vids = sorted(_videos(root), key=lambda f: len(decord.VideoReader(f)))
    return vids[0], vids[-1]


def test_replaced_by_a_shorter_older_video_is_rebuilt(tiny_synthetic,
                                                      tmp_path):
    """The cache used to trust mtime alone: a video replaced by a shorter
    one with an older mtime still gave the old frames."""
    short, long_ = _by_length(tiny_synthetic)
    video = str(tmp_path / 'v.mp4')
    open(video, 'wb').write(open(long_, 'rb').read())
    n_long = _cached(video, np.array([0]))['total_frames']
    open(video, 'wb').write(open(short, 'rb').read())
    os.utime(video, (1, 1))                # older than the cache
    out = _cached(video, np.array([0, 3]))
    ref = _decord(video, np.array([0, 3]))
    assert out['total_frames'] == ref['total_frames'] < n_long
    for a, b in zip(out['imgs'], ref['imgs']):
        np.testing.assert_array_equal(a, b)


def test_same_size_and_mtime_but_other_content_is_rebuilt(tiny_synthetic,
                                                          tmp_path):
    """Size and mtime can both survive a replacement (copy with -p, a
    restore): the hash of the file's first bytes tells them apart."""
    short, long_ = _by_length(tiny_synthetic)
    data_long, data_short = open(long_, 'rb').read(), open(short, 'rb').read()
    if len(data_short) > len(data_long):
        data_short, data_long = data_long, data_short
        short, long_ = long_, short
    video = tmp_path / 'v.mp4'
    video.write_bytes(data_long)
    n_long = _cached(str(video), np.array([0]))['total_frames']
    stat = os.stat(video)
    # the other video, zero-padded to the same size (decoders ignore it)
    video.write_bytes(data_short + b'\0' * (len(data_long) - len(data_short)))
    os.utime(video, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert os.stat(video).st_size == stat.st_size
    out = _cached(str(video), np.array([0]))
    assert out['total_frames'] == _decord(short, np.array([0]))[
        'total_frames'] != n_long


def test_cache_dir_from_the_environment_keeps_the_data_folder_clean(
        video, tmp_path, monkeypatch):
    cache = tmp_path / 'elsewhere'
    monkeypatch.setenv('MMACTION_VAERR_CACHE_DIR', str(cache))
    out = _cached(video, np.arange(2))
    assert not glob.glob(video + '.gray.npy*')
    files = glob.glob(str(cache / '*.gray.npy'))
    assert len(files) == 1 and len(np.load(files[0])) == out['total_frames']
    # an explicit cache_dir wins over the environment
    _cached(video, np.arange(2), str(tmp_path / 'explicit'))
    assert osp.isfile(cache_path(video, str(tmp_path / 'explicit')))


def test_read_only_video_folder_falls_back_to_the_user_cache(
        video, tmp_path, monkeypatch):
    folder = osp.dirname(video)
    real_access = os.access
    monkeypatch.setattr(os, 'access', lambda p, mode: False
                        if osp.abspath(p) == folder else real_access(p, mode))
    monkeypatch.setenv('XDG_CACHE_HOME', str(tmp_path / 'xdg'))
    out = _cached(video, np.array([1]))
    assert not glob.glob(video + '.gray.npy*')
    files = glob.glob(str(tmp_path / 'xdg' / 'mmaction_vaerr' / 'gray_frames'
                          / '*_v.mp4.gray.npy'))
    assert len(files) == 1
    np.testing.assert_array_equal(out['imgs'][0],
                                  _decord(video, np.array([1]))['imgs'][0])


def _worker(video, cache_dir, queue):
    out = _cached(video, np.arange(5), cache_dir)
    queue.put([int(out['total_frames'])] + [int(x.sum()) for x in out['imgs']])


def test_concurrent_workers_build_one_valid_cache(video, tmp_path):
    import multiprocessing as mp
    ctx = mp.get_context('fork')
    queue = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(video, str(tmp_path / 'c'),
                                               queue)) for _ in range(4)]
    for p in procs:
        p.start()
    got = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    ref = _decord(video, np.arange(5))
    assert got == [[ref['total_frames']] +
                   [int(x.sum()) for x in ref['imgs']]] * 4
    assert os.listdir(tmp_path / 'c') == [osp.basename(cache_path(
        video, str(tmp_path / 'c')))]   # no temporary file left


def test_interrupted_build_leaves_no_file(video, tmp_path, monkeypatch):
    from mmaction_vaerr.datasets.transforms import to_gray
    monkeypatch.setattr(to_gray.ToGray, 'transform',
                        lambda self, r: (_ for _ in ()).throw(
                            KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        _cached(video, np.arange(2), str(tmp_path / 'c'))
    assert os.listdir(tmp_path / 'c') == []


def test_disk_full_names_the_cache_and_the_way_out(video, tmp_path,
                                                   monkeypatch):
    import errno

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, 'No space left on device')

    monkeypatch.setattr(np.lib.format, 'open_memmap', full)
    with pytest.raises(OSError) as err:
        _cached(video, np.arange(2), str(tmp_path / 'c'))
    msg = str(err.value)
    assert cache_path(video, str(tmp_path / 'c')) in msg
    assert 'No space left' in msg and 'MMACTION_VAERR_CACHE_DIR' in msg
    assert os.listdir(tmp_path / 'c') == []


def test_width_decord_cannot_copy_is_decoded_with_pyav(tmp_path):
    """decord 0.6 fails on 48-px-wide frames; the cache falls back to PyAV,
    with the same RGB -> gray conversion, and the frames are the video's."""
    from mmaction_vaerr.dataprep.synthetic import generate_synthetic_dataset
    from mmaction_vaerr.datasets.transforms.frame_cache import _pyav_blocks
    from mmaction_vaerr.io import iter_frames
    root = str(tmp_path / 'small')
    generate_synthetic_dataset(root, num_subjects=1, videos_per_subject=1,
                               num_frames=(12, 12), size=48, seed=0,
                               with_audio=False,
                               splits=dict(train=1, val=0, test=0))
    filename = _videos(root)[0]
    out = _cached(filename, np.arange(12), str(tmp_path / 'cache'))
    assert out['total_frames'] == 12
    gray = [f for f in iter_frames(filename, fmt='gray', rotate=False)]
    for a, b in zip(out['imgs'], gray):
        assert a.shape == (48, 48, 1)
        # PyAV's own luma differs from ToGray(RGB) by rounding only
        assert np.abs(a[..., 0].astype(int) - b.astype(int)).max() <= 2
    # a count that disagrees with decord's is an error naming the file
    with pytest.raises(ValueError, match='small.*decodes 12 frames'):
        list(_pyav_blocks(filename, 5, 13))


def test_pyav_fallback_agrees_with_decord_where_both_work(video):
    from mmaction_vaerr.datasets.transforms.frame_cache import _pyav_blocks
    n = _decord(video, np.array([0]))['total_frames']
    ref = _decord(video, np.arange(n))['imgs']
    blocks = list(_pyav_blocks(video, 7, n))
    frames = np.concatenate([b for _, b in blocks])
    assert [s for s, _ in blocks] == list(range(0, n, 7))
    assert len(frames) == n
    diff = np.abs(frames.astype(int) - np.stack(ref)[..., 0].astype(int))
    assert diff.max() <= 2
