"""The video demo and the streaming demo on the real clips."""
import csv
import os.path as osp

import numpy as np
import pytest

from mmaction_vaerr.io import count_frames
from mmaction_vaerr.tools.demo import demo_stream, demo_video


def _demo(video, ckpt, out_dir, *extra):
    return demo_video.main(
        [video, *ckpt, '--out-dir', str(out_dir), '--face-backend', 'dlib',
         *extra])


def _rows(path):
    with open(path, newline='') as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ['frame', 'time', 'arousal', 'valence', 'valid']
    return rows


def _outputs(out_dir, name):
    return (osp.join(out_dir, f'{name}.csv'),
            osp.join(out_dir, f'{name}_trajectory.png'),
            osp.join(out_dir, f'{name}_overlay.mp4'))


def test_full_clip(real_clips, ckpts, tmp_path, capsys):
    video = osp.join(real_clips, 'pyfeat_single_face.mp4')
    assert _demo(video, ckpts['gru'], tmp_path) == 0
    csv_path, png, mp4 = _outputs(tmp_path, 'pyfeat_single_face')
    rows = _rows(csv_path)
    n = count_frames(video)
    assert n == 72 and len(rows) == n and count_frames(mp4) == n
    assert osp.getsize(png) > 5000
    assert sum(r['valid'] == '1' for r in rows) >= 68
    assert 'face in' in capsys.readouterr().out


def test_face_then_no_face(real_clips, ckpts, tmp_path):
    video = osp.join(real_clips, 'pyfeat_face_noface.mov')
    assert _demo(video, ckpts['gru'], tmp_path,
                 '--max-frames', '96') == 0
    csv_path, png, mp4 = _outputs(tmp_path, 'pyfeat_face_noface')
    rows = _rows(csv_path)
    assert len(rows) == 96 and count_frames(mp4) == 96
    valid = np.array([r['valid'] == '1' for r in rows])
    assert valid[:60].all() and not valid[85:].any()
    last = np.flatnonzero(valid).max()
    assert valid[:last + 1].mean() > 0.95  # the face, then no face
    assert all(r['arousal'] == 'nan' for r in rows[last + 1:])
    assert all(r['arousal'] != 'nan' for r in rows if r['valid'] == '1')


def test_no_face_at_all(real_clips, ckpts, tmp_path, capsys):
    video = osp.join(real_clips, 'pyfeat_no_face.mp4')
    assert _demo(video, ckpts['gru'], tmp_path) == 0
    assert 'NO FACE found' in capsys.readouterr().out
    csv_path, png, mp4 = _outputs(tmp_path, 'pyfeat_no_face')
    rows = _rows(csv_path)
    n = count_frames(video)  # decodes 95 of the 98 declared frames
    assert len(rows) == n and count_frames(mp4) == n
    assert all(r['valid'] == '0' and r['valence'] == 'nan' for r in rows)
    assert osp.isfile(png)


def test_aligned_video_with_labels(tiny_synthetic, ckpts, tmp_path):
    with open(osp.join(tiny_synthetic, 'splits', 'test.txt')) as f:
        vid = f.read().split()[0]
    video = osp.join(tiny_synthetic, 'videos', vid + '.mp4')
    labels = osp.join(tiny_synthetic, 'labels', vid + '.csv')
    assert _demo(video, ckpts['gru'], tmp_path,
                 '--labels', labels, '--whole') == 0
    name = osp.basename(vid)
    rows = _rows(_outputs(tmp_path, name)[0])
    assert len(rows) == count_frames(video) == \
        count_frames(_outputs(tmp_path, name)[2])


def test_unreadable_file(ckpts, tmp_path, capsys):
    bad = tmp_path / 'broken.mp4'
    bad.write_bytes(b'\x00not a video' * 50)
    assert _demo(str(bad), ckpts['gru'],
                 tmp_path) == 2
    err = capsys.readouterr().err
    assert 'cannot read the video' in err and 'broken.mp4' in err
    assert _demo(str(tmp_path / 'missing.mp4'),
                 ckpts['gru'], tmp_path) == 2


def test_stream_demo(real_clips, ckpts, tmp_path, capsys):
    tool = demo_stream
    video = osp.join(real_clips, 'pyfeat_single_face.mp4')
    out = str(tmp_path / 'stream.csv')
    assert tool.main([video, *ckpts['unigru'],
                      '--face-backend', 'dlib', '--max-frames', '12',
                      '--out-csv', out, '--print-every', '4']) == 0
    text = capsys.readouterr().out
    assert 'processing per frame' in text and 'look-ahead' in text
    rows = _rows(out)
    assert len(rows) == 12 and all(r['valid'] == '1' for r in rows)
    # an offline (bidirectional) model is refused
    assert tool.main([video, *ckpts['gru'],
                      '--face-backend', 'dlib', '--max-frames', '3']) == 2
    assert 'unidirectional' in capsys.readouterr().err
    assert tool.main([str(tmp_path / 'none.mp4'),
                      *ckpts['unigru']]) == 2
