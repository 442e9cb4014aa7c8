"""What a demanding user tries on the demos: bad arguments are refused
before any face detection, a full disk or an unwritable folder leaves no
half-written output, phone videos are read upright."""
import errno
import os
import os.path as osp

import numpy as np
import pytest

import mmaction_vaerr.apis as apis
import mmaction_vaerr.visualization as vis
from mmaction_vaerr.testing import write_phone_clip
from mmaction_vaerr.tools.demo import demo_stream, demo_video

OUTS = ('{}.csv', '{}_trajectory.png', '{}_overlay.mp4')


@pytest.fixture
def no_detection(monkeypatch):
    """Fail the test if the demo reaches face detection / inference."""
    def reached(*args, **kwargs):
        raise AssertionError('the demo started the expensive work')
    monkeypatch.setattr(apis, 'inference_va', reached)


def _demo(video, ckpt, out_dir, *extra):
    return demo_video.main(
        [video, *ckpt, '--out-dir', str(out_dir), '--face-backend', 'dlib',
         *extra])


@pytest.mark.parametrize('extra,message', [
    (['--max-frames', '0'], '--max-frames must be >= 1'),
    (['--max-frames', '-3'], '--max-frames must be >= 1'),
    (['--window', '10', '--overlap', '10'], 'smaller than --window'),
    (['--window', '0'], '--window must be >= 1'),
    (['--overlap', '-1'], '--overlap must be >= 0'),
    (['--labels', 'missing.csv'], 'bad label file'),
    (['--precision', 'int8'], '--precision int8 needs --int8 DIR'),
    (['--precision', 'int8', '--int8', 'nowhere'],
     'not a calibrated int8 model'),
])
def test_bad_arguments_before_any_work(extra, message, real_clips, ckpts,
                                       tmp_path, capsys, no_detection):
    video = osp.join(real_clips, 'pyfeat_single_face.mp4')
    extra = [str(tmp_path / e) if e.endswith('.csv') else e for e in extra]
    assert _demo(video, ckpts['gru'], tmp_path / 'out', *extra) == 2
    err = capsys.readouterr().err
    assert message in err
    if '--labels' in extra:
        assert 'missing.csv' in err


def test_bad_label_content_before_any_work(real_clips, ckpts, tmp_path,
                                           capsys, no_detection):
    labels = tmp_path / 'l.csv'
    labels.write_text('frame,time,arousal,valence,valid\n0,0.0,x,0.1,1\n')
    video = osp.join(real_clips, 'pyfeat_single_face.mp4')
    assert _demo(video, ckpts['gru'], tmp_path / 'out', '--labels',
                 str(labels)) == 2
    assert 'l.csv' in capsys.readouterr().err


def test_unwritable_output_folder(real_clips, ckpts, tmp_path, capsys,
                                  no_detection):
    blocker = tmp_path / 'a_file'
    blocker.write_text('the user put a file here')
    video = osp.join(real_clips, 'pyfeat_single_face.mp4')
    assert _demo(video, ckpts['gru'], blocker / 'out') == 2
    err = capsys.readouterr().err
    assert 'cannot write to the output folder' in err and 'a_file' in err
    assert blocker.read_text() == 'the user put a file here'


def test_disk_full_leaves_no_partial_outputs(real_clips, ckpts, tmp_path,
                                             capsys, monkeypatch):
    video = osp.join(real_clips, 'pyfeat_single_face.mp4')
    out = tmp_path / 'out'
    assert _demo(video, ckpts['gru'], out, '--max-frames', '6') == 0
    before = {f: (out / f).read_bytes() for f in os.listdir(out)}

    def full(path, *args, **kwargs):
        with open(path, 'wb') as f:
            f.write(b'half a png')
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)

    # existing outputs are not replaced without --overwrite, before any work
    with monkeypatch.context() as m:
        m.setattr(apis, 'inference_va', None)
        assert _demo(video, ckpts['gru'], out, '--max-frames', '8') == 2
    assert 'already exist' in capsys.readouterr().err
    monkeypatch.setattr(vis, 'save_va_trajectory_plot', full)
    assert _demo(video, ckpts['gru'], out, '--max-frames', '8',
                 '--overwrite') == 2
    err = capsys.readouterr().err
    assert 'No space left on device' in err and 'trajectory' in err
    # the earlier run's outputs are intact, no temporary file is left
    assert {f: (out / f).read_bytes() for f in os.listdir(out)} == before


def test_phone_video_is_read_upright(real_clips, ckpts, tmp_path,
                                     phone_clip_path):
    out = tmp_path / 'out'
    assert _demo(phone_clip_path, ckpts['gru'], out, '--snapshot', '2') == 0
    rows = np.genfromtxt(out / 'phone.csv', delimiter=',', names=True)
    assert len(rows) == 12 and rows['valid'].all()
    assert sorted(os.listdir(out)) == sorted(
        [f.format('phone') for f in OUTS] + ['phone_overlay.png'])
    # the stream demo (OpenCV reader) too
    csv = str(tmp_path / 's.csv')
    assert demo_stream.main(
        [phone_clip_path, *ckpts['unigru'], '--face-backend', 'dlib',
         '--out-csv', csv, '--print-every', '0']) == 0
    rows = np.genfromtxt(csv, delimiter=',', names=True)
    assert len(rows) == 12 and rows['valid'].sum() >= 11


@pytest.fixture
def phone_clip_path(real_clips, tmp_path):
    return write_phone_clip(
        osp.join(real_clips, 'pyfeat_single_face.mp4'),
        str(tmp_path / 'phone.mp4'), 90, 12)


@pytest.mark.parametrize('extra,message', [
    (['--max-frames', '0'], '--max-frames must be >= 1'),
    (['--print-every', '-1'], '--print-every must be >= 0'),
    (['--out-csv', '{tmp}/a_file/x.csv'], 'cannot write'),
    (['--out-csv', '{tmp}'], 'is a folder'),
    (['--out-csv', '{tmp}/a_file'], 'already exists; not replaced'),
])
def test_stream_demo_bad_inputs(extra, message, real_clips, ckpts, tmp_path,
                                capsys):
    (tmp_path / 'a_file').write_text('x')
    extra = [e.format(tmp=tmp_path) for e in extra]
    video = osp.join(real_clips, 'pyfeat_single_face.mp4')
    assert demo_stream.main(
        [video, *ckpts['unigru'], '--face-backend', 'dlib', *extra]) == 2
    assert message in capsys.readouterr().err
    assert sorted(os.listdir(tmp_path)) == ['a_file']


def test_stream_demo_missing_files(real_clips, ckpts, tmp_path, capsys):
    video = osp.join(real_clips, 'pyfeat_single_face.mp4')
    cfg, ckpt = ckpts['unigru']
    tool = demo_stream
    assert tool.main([video, cfg, str(tmp_path / 'no.pth')]) == 2
    assert 'no.pth: file not found' in capsys.readouterr().err
    assert tool.main([video, str(tmp_path / 'no.py'), ckpt]) == 2
    assert 'no.py: file not found' in capsys.readouterr().err
    bad = tmp_path / 'broken.mp4'
    bad.write_bytes(b'\x00' * 300)
    assert tool.main([str(bad), cfg, ckpt]) == 2
    assert 'broken.mp4' in capsys.readouterr().err
