"""tools/data/convert_annotations.py end to end (real samples, tiny videos)."""
import logging
import os
import os.path as osp

import cv2
import numpy as np
import pytest

from mmaction_vaerr.datasets import read_va_csv
from mmaction_vaerr.tools.data import convert_annotations

REPO = osp.dirname(osp.dirname(osp.dirname(osp.dirname(osp.abspath(
    __file__)))))


@pytest.fixture(scope='module')
def tool():
    return convert_annotations


def _video(path, frames, fps):
    writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*'mp4v'), fps,
                             (32, 32))
    for i in range(frames):
        writer.write(np.full((32, 32, 3), i % 250, np.uint8))
    writer.release()


def _sewa(path, name, rows):
    lines = ['name;timestamp;arousal;valence;liking'] + [
        f"'{name}';{k / 10:.6f};{0.01 * k:.6f};{-0.01 * k:.6f};0.000000"
        for k in range(rows)
    ]
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    return path


def test_sewa_real_sample_at_25fps(tool, real_labels, tmp_path):
    src = osp.join(real_labels, 'sewa_avec2019_Devel_DE_01.csv')
    out = str(tmp_path / 'sewa')
    ids = tool.main(['--format', 'sewa', '--inputs', src, '--fps', '25',
                     '--out-root', out])
    assert ids == ['Devel_DE_01']
    path = osp.join(out, 'labels', 'Devel_DE_01.csv')
    ann = read_va_csv(path, fps=25)
    assert len(ann) == 4354 and ann.valid.all()
    with open(path) as f:
        rows = f.read().splitlines()
    # frame 50 = 2.0 s = the SEWA row at 2.0 s (arousal 0.002563)
    assert rows[51] == '50,2.0000,0.002563,0.000000,1'
    assert rows[-1].startswith('4353,174.1200,')


def test_recola_real_sample(tool, real_labels, tmp_path):
    gs = osp.join(real_labels, 'recola_avec2018_templateGS.arff')
    out = str(tmp_path / 'recola')
    ids = tool.main(['--format', 'recola', '--arousal', gs, '--valence', gs,
                     '--fps', '25', '--out-root', out])
    assert ids == ['dev_1']
    ann = read_va_csv(osp.join(out, 'labels', 'dev_1.csv'), fps=25)
    assert len(ann) == 7501
    assert ann.arousal[5000] == pytest.approx(0.120409, abs=1e-6)
    np.testing.assert_array_equal(ann.arousal, ann.valence)


def test_fps_and_length_from_the_video(tool, tmp_path, caplog):
    labels, videos = tmp_path / 'labels_in', tmp_path / 'videos'
    labels.mkdir()
    videos.mkdir()
    # labels 0.0 .. 1.9 s cover 49 frames at 25 fps; the video has 50
    _sewa(str(labels / 'a.csv'), 'Train_DE_01', 20)
    _video(str(videos / 'Train_DE_01.mp4'), 50, 25)
    out = str(tmp_path / 'out')
    with caplog.at_level(logging.WARNING):
        tool.main(['--format', 'sewa', '--inputs', str(labels), '--video-dir',
                   str(videos), '--out-root', out])
    assert '49 label frames vs 50 frames' in caplog.text
    ann = read_va_csv(osp.join(out, 'labels', 'Train_DE_01.csv'), fps=25)
    assert len(ann) == 50 and ann.valid[:49].all() and not ann.valid[49]
    assert ann.arousal[25] == pytest.approx(0.1, abs=1e-6)  # 1.0 s
    # a 30 fps video: 59 label frames (0 .. 1.95 s) vs 50, beyond tolerance
    _video(str(videos / 'Train_DE_01.mp4'), 50, 30)
    with pytest.raises(ValueError, match='labels cover 59 frames'):
        tool.main(['--format', 'sewa', '--inputs', str(labels),
                   '--video-dir', str(videos), '--out-root', out])
    # the fps the user states must agree with the video
    with pytest.raises(ValueError, match='disagrees with'):
        tool.main(['--format', 'sewa', '--inputs', str(labels), '--fps', '25',
                   '--video-dir', str(videos), '--out-root', out])


def test_errors(tool, tmp_path):
    src = _sewa(str(tmp_path / 'a.csv'), 'x', 5)
    with pytest.raises(ValueError, match='give fps or a video folder'):
        tool.main(['--format', 'sewa', '--inputs', src, '--out-root',
                   str(tmp_path / 'o')])
    with pytest.raises(SystemExit, match='recola needs --arousal'):
        tool.main(['--format', 'recola', '--inputs', src, '--out-root',
                   str(tmp_path / 'o')])
    with pytest.raises(ValueError, match='already produced'):
        tool.main(['--format', 'sewa', '--inputs', src, src, '--fps', '25',
                   '--out-root', str(tmp_path / 'o')])
    # duplicates are found before anything is written
    assert not os.path.exists(tmp_path / 'o' / 'labels' / 'x.csv')


def test_face_mask_from_preprocessing_invalidates_frames(tool, real_labels,
                                                         tmp_path):
    # frames where face preprocessing found no face lose their labels
    src = osp.join(real_labels, 'sewa_avec2019_Devel_DE_01.csv')
    out = tmp_path / 'sewa'
    (out / 'face_masks').mkdir(parents=True)
    face = np.ones(4354, bool)
    face[100:200] = False
    np.save(out / 'face_masks' / 'Devel_DE_01.npy', face)
    tool.main(['--format', 'sewa', '--inputs', src, '--fps', '25',
               '--out-root', str(out)])
    ann = read_va_csv(str(out / 'labels' / 'Devel_DE_01.csv'), fps=25)
    np.testing.assert_array_equal(ann.valid, face)


def test_existing_outputs_are_replaced_only_with_overwrite(tool, tmp_path):
    """A second conversion used to replace the labels (and frames) in place,
    whoever had written them."""
    a = _sewa(str(tmp_path / 'a.csv'), 'Train_DE_01', 20)
    b = _sewa(str(tmp_path / 'b.csv'), 'Train_DE_02', 20)
    out = tmp_path / 'out'
    (out / 'labels').mkdir(parents=True)
    mine = out / 'labels' / 'Train_DE_02.csv'
    mine.write_text('my own labels\n')
    args = ['--format', 'sewa', '--inputs', a, b, '--fps', '25',
            '--out-root', str(out)]
    with pytest.raises(FileExistsError) as err:
        tool.main(args)
    assert 'labels/Train_DE_02.csv' in str(err.value)
    assert '--overwrite' in str(err.value)
    # nothing was written, not even the file that did not exist
    assert mine.read_text() == 'my own labels\n'
    assert not (out / 'labels' / 'Train_DE_01.csv').exists()
    assert tool.main(args + ['--overwrite']) == ['Train_DE_01', 'Train_DE_02']
    assert len(read_va_csv(str(mine), fps=25)) == 49
    # the tool exits 1 with the message, no traceback
    import subprocess
    import sys
    res = subprocess.run([sys.executable, osp.join(
        REPO, 'tools', 'data', 'convert_annotations.py')] + args,
        capture_output=True, text=True)
    assert res.returncode == 1 and res.stderr.startswith('error: ')
    assert 'exist already' in res.stderr and 'Traceback' not in res.stderr


def test_a_bad_file_stops_the_run_before_anything_is_written(tool, tmp_path):
    good = _sewa(str(tmp_path / 'a.csv'), 'Train_DE_01', 20)
    bad = tmp_path / 'b.csv'
    bad.write_text("name;timestamp;arousal;valence;liking\n"
                   "'Train_DE_02';0.0;0.1;0.1;0\n"
                   "'Train_DE_02';0.1;2.0;0.1;0\n")
    with pytest.raises(ValueError, match='b.csv:3:'):
        tool.main(['--format', 'sewa', '--inputs', good, str(bad), '--fps',
                   '25', '--out-root', str(tmp_path / 'out')])
    assert not (tmp_path / 'out').exists()
