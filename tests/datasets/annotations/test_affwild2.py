"""Aff-Wild2 VA reader and converter on tiny fixture files."""
import os

import cv2
import numpy as np
import pytest

from mmaction_vaerr.datasets import read_va_csv
from mmaction_vaerr.dataprep import convert_affwild2
from mmaction_vaerr.datasets.annotations import (list_cropped_frames,
                                                 read_affwild2,
                                                 read_affwild2_txt)

ROWS = ['valence,arousal', '0.1,0.7', '-5,-5', '-0.25,-5', '-1,1', '0.5,0.0']


def _txt(tmp_path, rows=ROWS, name='video7.txt'):
    path = tmp_path / name
    path.write_text('\n'.join(rows) + '\n')
    return str(path)


def _cropped(root, vid, present, size=(8, 6)):
    """cropped_aligned/<vid>/<k+1:05d>.jpg for 0-based frames ``present``."""
    folder = os.path.join(root, vid)
    os.makedirs(folder, exist_ok=True)
    for k in present:
        img = np.full((size[1], size[0], 3), 40 + 5 * (k % 40), np.uint8)
        cv2.imwrite(os.path.join(folder, f'{k + 1:05d}.jpg'), img)
    return folder


def test_rows_map_to_frames_and_minus5_masks_both_dims(tmp_path):
    ann = read_affwild2_txt(_txt(tmp_path), fps=30)
    assert len(ann) == 5 and ann.fps == 30
    # header order is valence,arousal; the project's order is arousal,valence
    np.testing.assert_array_equal(ann.va[0], np.float32([0.7, 0.1]))
    np.testing.assert_array_equal(ann.valid, [1, 0, 0, 1, 1])
    np.testing.assert_array_equal(ann.va[3], [1.0, -1.0])
    assert ann.arousal[1] == 0 and ann.valence[2] == 0


def test_missing_jpgs_mean_no_face(tmp_path):
    frames = _cropped(str(tmp_path / 'cropped_aligned'), 'video7',
                      [0, 1, 3, 4, 6])
    found = list_cropped_frames(frames)
    assert sorted(found) == [0, 1, 3, 4, 6]
    assert found[0].endswith('00001.jpg')
    ann = read_affwild2(_txt(tmp_path), 30, frames_dir=frames)
    # label-invalid frames 1, 2 and face-less frame 2 (00003.jpg missing)
    np.testing.assert_array_equal(ann.valid, [1, 0, 0, 1, 1])
    ann = read_affwild2(_txt(tmp_path, ROWS[:2] + ['0.2,0.2'] * 4), 30,
                        frames_dir=frames)
    np.testing.assert_array_equal(ann.valid, [1, 1, 0, 1, 1])


def test_convert_writes_labels_and_frame_folder(tmp_path):
    crop = str(tmp_path / 'cropped_aligned')
    _cropped(crop, 'video7', [0, 1, 3, 4])
    out = str(tmp_path / 'out')
    ids = convert_affwild2([_txt(tmp_path)], out, fps=30, frames_root=crop)
    assert ids == ['video7']
    ann = read_va_csv(os.path.join(out, 'labels', 'video7.csv'))
    np.testing.assert_array_equal(ann.valid, [1, 0, 0, 1, 1])
    with open(os.path.join(out, 'labels', 'video7.csv')) as f:
        assert f.read().splitlines()[5].startswith('4,0.1333,')  # 4 / 30 s
    fdir = os.path.join(out, 'frames', 'video7')
    assert sorted(os.listdir(fdir)) == [f'{k:05d}.jpg' for k in range(1, 6)]
    assert os.path.islink(os.path.join(fdir, '00001.jpg'))
    assert os.path.realpath(os.path.join(fdir, '00004.jpg')) == \
        os.path.realpath(os.path.join(crop, 'video7', '00004.jpg'))
    # frame 2 had no jpg: black placeholder of the same size, label invalid
    black = cv2.imread(os.path.join(fdir, '00003.jpg'))
    assert black.shape == (6, 8, 3) and black.max() == 0


def test_jpgs_beyond_labels_follow_the_frame_policy(tmp_path):
    crop = str(tmp_path / 'cropped_aligned')
    _cropped(crop, 'video7', range(7))  # 7 images, 5 label rows
    out = str(tmp_path / 'out')
    convert_affwild2([_txt(tmp_path)], out, fps=30, frames_root=crop,
                     frames_mode=None)
    ann = read_va_csv(os.path.join(out, 'labels', 'video7.csv'))
    assert len(ann) == 7 and not ann.valid[5:].any()
    assert not os.path.exists(os.path.join(out, 'frames'))
    _cropped(crop, 'video7', range(30))
    with pytest.raises(ValueError, match='labels cover 5 frames'):
        convert_affwild2([_txt(tmp_path)], out, fps=30, frames_root=crop)


def test_video_without_any_face_is_skipped(tmp_path, caplog):
    crop = str(tmp_path / 'cropped_aligned')
    os.makedirs(os.path.join(crop, 'video7'))
    out = str(tmp_path / 'out')
    assert convert_affwild2([_txt(tmp_path)], out, fps=30,
                            frames_root=crop) == []
    assert 'video video7 skipped' in caplog.text
    assert not os.path.exists(os.path.join(out, 'labels', 'video7.csv'))


def test_left_right_files_use_the_shared_video(tmp_path):
    videos = tmp_path / 'videos'
    videos.mkdir()
    writer = cv2.VideoWriter(str(videos / 'video7.mp4'),
                             cv2.VideoWriter_fourcc(*'mp4v'), 30, (32, 32))
    for i in range(6):  # one frame more than the 5 label rows
        writer.write(np.full((32, 32, 3), i * 20, np.uint8))
    writer.release()
    out = str(tmp_path / 'out')
    ids = convert_affwild2([_txt(tmp_path, name='video7_left.txt')], out,
                           video_dir=str(videos))
    assert ids == ['video7_left']
    ann = read_va_csv(os.path.join(out, 'labels', 'video7_left.csv'), fps=30)
    np.testing.assert_array_equal(ann.valid, [1, 0, 0, 1, 1, 0])


def test_convert_needs_fps_or_video(tmp_path):
    with pytest.raises(ValueError, match='give fps or a video folder'):
        convert_affwild2([_txt(tmp_path)], str(tmp_path / 'o'))


@pytest.mark.parametrize('rows,where,words', [
    (['valence', '0.1'], ':1:', "missing column(s) ['arousal']"),
    (['valence;arousal', '0.1;0.2'], ':1:', 'wrong separator'),
    (ROWS[:3] + ['0.1;0.2'], ':4:', 'wrong separator'),
    (ROWS[:2] + ['abc,0.2'], ':3:', "'valence': 'abc' is not a number"),
    (ROWS[:2] + ['0.1,1.5'], ':3:', "'arousal': 1.5 is outside"),
    (ROWS[:2] + ['0.1'], ':3:', 'expected 2 comma-separated fields'),
    (ROWS[:2] + ['', '0.1,0.2'], ':3:', 'blank line between label rows'),
    (['valence,arousal'], '', 'no label rows'),
])
def test_malformed(tmp_path, rows, where, words):
    path = _txt(tmp_path, rows)
    with pytest.raises(ValueError) as err:
        read_affwild2_txt(path, 30)
    assert f'{path}{where}' in str(err.value) and words in str(err.value)


def test_empty_frames_folder_is_an_error_naming_it(tmp_path):
    """The conversion used to exit 0 having written nothing."""
    import subprocess
    import sys
    crop = tmp_path / 'cropped_aligned'
    (crop / 'video7').mkdir(parents=True)
    txt = _txt(tmp_path)
    report = []
    assert convert_affwild2([txt], str(tmp_path / 'out'), fps=30,
                            frames_root=str(crop), report=report) == []
    assert report == [f'{crop / "video7"}: no image for any of the 5 '
                      'labelled frames (the folder is empty)']
    tool = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'tools',
                        'data', 'convert_annotations.py')
    res = subprocess.run(
        [sys.executable, tool, '--format', 'affwild2', '--inputs', txt,
         '--fps', '30', '--frames-root', str(crop), '--out-root',
         str(tmp_path / 'out')], capture_output=True, text=True)
    assert res.returncode != 0 and 'no label file written' in res.stderr
    assert f'{crop / "video7"}: no image' in res.stderr
    # one good video among them: written, the empty one reported, exit 0
    _cropped(str(crop), 'video8', [0, 1, 2])
    txt8 = _txt(tmp_path, name='video8.txt')
    assert convert_affwild2([txt, txt8], str(tmp_path / 'out'), fps=30,
                            frames_root=str(crop)) == ['video8']


def test_existing_frame_folder_is_not_replaced_without_overwrite(tmp_path):
    crop = str(tmp_path / 'cropped_aligned')
    _cropped(crop, 'video7', [0, 1, 3, 4])
    out = tmp_path / 'out'
    mine = out / 'frames' / 'video7' / '00001.jpg'
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b'my frame')
    with pytest.raises(FileExistsError, match='frames/video7/'):
        convert_affwild2([_txt(tmp_path)], str(out), fps=30,
                         frames_root=crop)
    assert mine.read_bytes() == b'my frame'
    assert not (out / 'labels').exists()
    assert convert_affwild2([_txt(tmp_path)], str(out), fps=30,
                            frames_root=crop, overwrite=True) == ['video7']
    assert os.path.islink(mine)
