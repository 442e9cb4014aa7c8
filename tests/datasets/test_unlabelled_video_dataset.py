import os
import os.path as osp

import numpy as np
import pytest

from mmaction_vaerr.datasets.unlabelled_video_dataset import \
    UnlabelledVideoDataset
from mmaction_vaerr.io import count_frames, write_face_video


def video(path, frames, size=32):
    """A tiny grayscale clip whose frame i has brightness 20 * i."""
    clip = np.stack([np.full((size, size), 20 * i, np.uint8)
                     for i in range(frames)])
    write_face_video(str(path), clip, fps=25)


@pytest.fixture(scope='module')
def canonical(tmp_path_factory):
    root = tmp_path_factory.mktemp('canonical')
    for vid, n in (('s00/v00', 6), ('s00/v01', 7), ('s01/v00', 9)):
        video(root / 'videos' / f'{vid}.mp4', n)
    os.makedirs(root / 'splits')
    (root / 'splits' / 'train.txt').write_text(
        '# comment\ns00/v00\ns01/v00  # trailing comment\n')
    (root / 'splits' / 'bad.txt').write_text('s00/v00\ns09/v09\n')
    return str(root)


@pytest.fixture(scope='module')
def lrs3(tmp_path_factory):
    root = tmp_path_factory.mktemp('lrs3')
    for sub in ('pretrain', 'trainval', 'test'):
        video(root / sub / 'spkA' / '00001.mp4', 5)
    video(root / 'trainval' / 'spkB' / '00002.mp4', 5)
    return str(root)


def test_canonical_split(canonical):
    ds = UnlabelledVideoDataset(canonical, split='train')
    assert ds._resolve_layout() == 'canonical'
    assert [ds[i]['video_id'] for i in range(len(ds))] == ['s00/v00',
                                                            's01/v00']
    item = ds[1]
    assert item['filename'] == osp.join(canonical, 'videos', 's01/v00.mp4')
    assert item['total_frames'] == 9 and item['start_index'] == 0


def test_canonical_errors_name_the_file(canonical):
    with pytest.raises(FileNotFoundError, match=r"bad.txt: lists 's09/v09'"):
        UnlabelledVideoDataset(canonical, layout='canonical', split='bad')
    with pytest.raises(FileNotFoundError, match='nope.txt: split file'):
        UnlabelledVideoDataset(canonical, layout='canonical', split='nope')


def test_lrs3_layout_and_subsets(lrs3):
    ds = UnlabelledVideoDataset(lrs3)
    ids = sorted(ds[i]['video_id'] for i in range(len(ds)))
    assert ids == ['pretrain/spkA/00001', 'trainval/spkA/00001',
                   'trainval/spkB/00002']
    test_only = UnlabelledVideoDataset(lrs3, layout='lrs3',
                                       subsets=('test',))
    assert len(test_only) == 1 and test_only[0]['total_frames'] == 5
    with pytest.raises(ValueError, match='unknown LRS3 subsets'):
        UnlabelledVideoDataset(lrs3, subsets=('train',))


def test_folder_layout_recursive(tmp_path):
    video(tmp_path / 'a' / 'b' / 'x.mp4', 4)
    video(tmp_path / 'y.avi', 4)
    (tmp_path / 'notes.txt').write_text('not a video')
    ds = UnlabelledVideoDataset(str(tmp_path), layout='folder')
    assert sorted(ds[i]['video_id'] for i in range(len(ds))) == ['a/b/x',
                                                                 'y']


def test_empty_and_missing_roots(tmp_path):
    with pytest.raises(ValueError, match='no videos found'):
        UnlabelledVideoDataset(str(tmp_path))
    with pytest.raises(FileNotFoundError, match='does not exist'):
        UnlabelledVideoDataset(str(tmp_path / 'missing'))
    with pytest.raises(ValueError, match='layout must be'):
        UnlabelledVideoDataset(str(tmp_path), layout='csv')
    (tmp_path / 'broken.mp4').write_bytes(b'not a video')
    with pytest.raises(IOError, match='broken.mp4'):
        count_frames(str(tmp_path / 'broken.mp4'), decode=False)


def test_random_fixed_length_window(canonical):
    pipeline = [dict(type='DecordInit'),
                dict(type='SampleFrames', clip_len=4, frame_interval=1,
                     num_clips=1),
                dict(type='DecordDecode'), dict(type='ToGray')]
    ds = UnlabelledVideoDataset(canonical, pipeline=pipeline)
    starts = set()
    for _ in range(12):
        out = ds[1]                                  # 9 frames
        inds = out['frame_inds']
        assert len(out['imgs']) == 4 and out["imgs"][0].shape == (32, 32, 1)
        assert np.array_equal(inds, np.arange(inds[0], inds[0] + 4))
        assert 0 <= inds[0] <= 5
        # decoded frame i has brightness 20 * i (codec error +-2)
        assert abs(int(out['imgs'][0].mean()) - 20 * inds[0]) <= 3
        starts.add(int(inds[0]))
    assert len(starts) > 1
