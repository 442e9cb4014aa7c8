import os
from fractions import Fraction

import numpy as np
import pytest

from mmaction_vaerr.io import (GrayVideoWriter,
                                                   VideoReadError,
                                                   count_frames, iter_frames,
                                                   probe_video)


def _half_copy(src, dst):
    with open(src, 'rb') as f:
        data = f.read()
    with open(dst, 'wb') as f:
        f.write(data[:len(data) // 2])
    return str(dst)


def test_probe_and_decode_a_real_clip(clip):
    path = clip('pyfeat_single_face.mp4')
    info = probe_video(path)
    assert (info.width, info.height, info.fps) == (640, 360, 30)
    assert info.num_frames == 72 == count_frames(path)
    gray = list(iter_frames(path, 'gray', max_frames=3))
    rgb = next(iter_frames(path, 'rgb24'))
    assert len(gray) == 3 and gray[0].shape == (360, 640)
    assert rgb.shape == (360, 640, 3) and rgb.dtype == np.uint8


def test_fractional_frame_rate_is_kept(clip):
    info = probe_video(clip('pyfeat_WolfgangLanger_Pexels.mp4'))
    assert info.fps == Fraction(24000, 1001)


@pytest.mark.parametrize('content,problem', [
    (b'', 'zero-length'), (b'not a video at all\n' * 20, 'not a readable')])
def test_broken_files_are_named(tmp_path, content, problem):
    path = tmp_path / 'broken.mp4'
    path.write_bytes(content)
    with pytest.raises(VideoReadError, match=problem) as err:
        list(iter_frames(str(path)))
    assert str(path) in str(err.value) and err.value.path == str(path)
    with pytest.raises(VideoReadError, match='file not found'):
        probe_video(str(tmp_path / 'missing.mp4'))


def test_truncated_files_are_detected(tmp_path, clip):
    # index at the end (moov after mdat): the cut file does not open
    cut = _half_copy(clip('pyfeat_single_face.mp4'), tmp_path / 'a.mp4')
    with pytest.raises(VideoReadError, match='not a readable'):
        probe_video(cut)
    # AVI: opens and decodes, but stops at half of the declared frames
    cut = _half_copy(clip('mmaction2_test.avi'), tmp_path / 'b.avi')
    with pytest.raises(VideoReadError, match='truncated: decoded'):
        count_frames(cut)
    # reading only the first frames of it is fine
    assert len(list(iter_frames(cut, max_frames=10))) == 10


def test_gray_writer_round_trip(tmp_path):
    path = str(tmp_path / 'sub' / 'x.mp4')
    frames = [np.full((32, 48), 10 * i, np.uint8) for i in range(20)]
    frames[5][8:16, 8:16] = 255
    with GrayVideoWriter(path, Fraction(30000, 1001)) as w:
        for f in frames:
            w.write(f)
    info = probe_video(path)
    assert (info.width, info.height) == (48, 32)
    assert info.fps == Fraction(30000, 1001)
    back = list(iter_frames(path))
    assert len(back) == 20
    err = np.abs(np.stack(back).astype(int) - np.stack(frames)).mean()
    assert err < 2.0
    assert os.listdir(os.path.dirname(path)) == ['x.mp4']


def test_interrupted_write_leaves_nothing(tmp_path):
    path = str(tmp_path / 'y.mp4')
    with pytest.raises(RuntimeError, match='boom'):
        with GrayVideoWriter(path, Fraction(25)) as w:
            w.write(np.zeros((16, 16), np.uint8))
            raise RuntimeError('boom')
    assert os.listdir(tmp_path) == []
    w = GrayVideoWriter(path, Fraction(25))
    with pytest.raises(ValueError, match='size changed'):
        w.write(np.zeros((16, 16), np.uint8))
        w.write(np.zeros((8, 16), np.uint8))
    w.abort()
    assert os.listdir(tmp_path) == []


def test_one_writer_deterministic_mode_repeats_bytes(tmp_path):
    """Mp4Writer's deterministic mode (what write_face_video uses) gives the
    same bytes for the same frames, for every writer kind."""
    from mmaction_vaerr.io import FaceVideoWriter, Mp4Writer
    rng = np.random.default_rng(0)
    frames = rng.integers(0, 256, (12, 32, 32), dtype=np.uint8)
    for cls in (GrayVideoWriter, FaceVideoWriter):
        data = []
        for k in range(2):
            path = str(tmp_path / f'{cls.__name__}{k}.mp4')
            with cls(path, 25, deterministic=True) as w:
                for f in frames:
                    w.write(f)
            data.append(open(path, 'rb').read())
        assert data[0] == data[1], cls.__name__
    with pytest.raises(ValueError, match='audio or audio_from'):
        Mp4Writer(str(tmp_path / 'x.mp4'), 25, audio=np.zeros(10),
                  audio_from='y.mp4')
    assert not list(tmp_path.glob('x.mp4*'))


def test_face_video_odd_sides_refused_and_nothing_left(tmp_path):
    from mmaction_vaerr.io import write_face_video
    path = tmp_path / 'odd.mp4'
    with pytest.raises(ValueError, match=r'odd.mp4: frame size 31x32 must '
                                         r'be even'):
        write_face_video(str(path), np.zeros((3, 32, 31), np.uint8), 25)
    assert not list(tmp_path.iterdir())
