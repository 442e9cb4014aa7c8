import os.path as osp

import numpy as np
import pytest

from mmaction_vaerr.io import VIDEO_EXTS, DatasetLayout, read_face_mask


def test_paths_follow_the_canonical_layout():
    lay = DatasetLayout('/data/sewa')
    assert lay.video('s01/v02') == '/data/sewa/videos/s01/v02.mp4'
    assert lay.video('a', '.avi') == '/data/sewa/videos/a.avi'
    assert lay.label('s01/v02') == '/data/sewa/labels/s01/v02.csv'
    assert lay.landmarks('a') == '/data/sewa/landmarks/a.npy'
    assert lay.face_mask('a') == '/data/sewa/face_masks/a.npy'
    assert lay.frames('a') == '/data/sewa/frames/a'
    assert lay.split('train') == '/data/sewa/splits/train.txt'
    assert lay.dir(DatasetLayout.LABELS) == '/data/sewa/labels'
    assert repr(lay) == "DatasetLayout('/data/sewa')"


def test_of_video_inverts_video():
    lay = DatasetLayout('/data/sewa')
    root, vid = DatasetLayout.of_video(lay.video('s01/v02'))
    assert (root.root, vid) == ('/data/sewa', 's01/v02')
    # the last 'videos' folder counts; a path without one has no layout
    root, vid = DatasetLayout.of_video('/x/videos/y/videos/s/v.mkv')
    assert (root.root, vid) == ('/x/videos/y', 's/v')
    assert DatasetLayout.of_video('/x/clips/v.mp4') is None
    assert DatasetLayout.of_video('/x/videos') is None


def test_find_video_tries_the_extensions_in_order(tmp_path):
    lay = DatasetLayout(str(tmp_path))
    assert lay.find_video('s/v') is None
    (tmp_path / 'videos' / 's').mkdir(parents=True)
    (tmp_path / 'videos' / 's' / 'v.mkv').write_bytes(b'')
    assert lay.find_video('s/v') == lay.video('s/v', '.mkv')
    (tmp_path / 'videos' / 's' / 'v.mp4').write_bytes(b'')
    assert lay.find_video('s/v') == lay.video('s/v')
    assert VIDEO_EXTS[0] == '.mp4' and len(set(VIDEO_EXTS)) == len(VIDEO_EXTS)
    assert all(e == e.lower() and e.startswith('.') for e in VIDEO_EXTS)


def test_has_split(tmp_path):
    lay = DatasetLayout(str(tmp_path))
    assert not lay.has_split('test')
    (tmp_path / 'splits').mkdir()
    (tmp_path / 'splits' / 'test.txt').write_text('a\n')
    assert lay.has_split('test')


def test_read_face_mask_checks_the_array(tmp_path):
    good = str(tmp_path / 'good.npy')
    np.save(good, np.array([True, False, True]))
    assert read_face_mask(good).tolist() == [True, False, True]
    bad = str(tmp_path / 'bad.npy')
    np.save(bad, np.ones((3, 2), np.float32))
    with pytest.raises(ValueError, match=r'bad\.npy: expected a \(T,\) bool'):
        read_face_mask(bad)
    with pytest.raises(FileNotFoundError):
        read_face_mask(osp.join(str(tmp_path), 'missing.npy'))
