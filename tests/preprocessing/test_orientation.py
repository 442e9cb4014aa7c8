"""Phone videos (display rotation matrix) are turned upright before faces
are detected; the result matches the unrotated clip."""
import warnings
from fractions import Fraction

import av
import cv2
import numpy as np
import pytest

from mmaction_vaerr.preprocessing.pipeline import preprocess_video
from mmaction_vaerr.io import iter_frames, probe_video

FRAMES = 12


def _marker_video(path, degrees, hflip=False):
    """5 frames of a 64x96 image with asymmetric markers."""
    img = np.zeros((64, 96, 3), np.uint8)
    img[:16, :16] = 255
    img[:8, 80:] = (0, 0, 255)
    img[50:, 40:50] = (0, 255, 0)
    with av.open(path, 'w') as out:
        s = out.add_stream('libx264', rate=25)
        s.width, s.height, s.pix_fmt = 96, 64, 'yuv420p'
        s.options = {'crf': '0'}
        s.set_display_rotation(degrees, hflip=hflip)
        for _ in range(5):
            for p in s.encode(av.VideoFrame.from_ndarray(img, 'bgr24')):
                out.mux(p)
        for p in s.encode():
            out.mux(p)
    return img


@pytest.mark.parametrize('degrees,hflip', [
    (90, False), (-90, False), (180, False), (270, False), (90, True),
    (0, True)])
def test_frames_come_out_as_displayed(tmp_path, degrees, hflip):
    path = str(tmp_path / 'm.mp4')
    img = _marker_video(path, degrees, hflip)
    # PyAV's convention: counter-clockwise rotation, then the mirror
    want = np.rot90(img, round(degrees / 90))
    want = want[:, ::-1] if hflip else want
    got = next(iter_frames(path, 'bgr24'))
    assert got.shape == want.shape
    assert np.abs(got.astype(int) - want).mean() < 3
    info = probe_video(path)
    assert (info.height, info.width) == want.shape[:2]
    if not hflip:  # OpenCV's FFmpeg reader rotates the same way
        ok, ref = cv2.VideoCapture(path).read()
        assert ok and np.abs(got.astype(int) - ref).mean() < 3
    raw = next(iter_frames(path, 'bgr24', rotate=False))
    assert raw.shape == img.shape


def test_matrix_parsing():
    from mmaction_vaerr.io.orientation import (
        Orientation, orientation_from_matrix)
    q = 65536
    assert orientation_from_matrix([0, -q, 0, q, 0, 0, 0, 0, 1 << 30]) == \
        Orientation(1, False, 90.0)
    assert orientation_from_matrix([-q, 0, 0, 0, q, 0, 0, 0, 1 << 30]) == \
        Orientation(0, True, 0.0)
    tilt = orientation_from_matrix(
        [int(q * 0.7071), -int(q * 0.7071), 0, int(q * 0.7071),
         int(q * 0.7071), 0, 0, 0, 1 << 30])
    assert tilt.quarter_turns == 0 and not tilt.right_angle
    assert abs(tilt.degrees - 45) < 0.1


@pytest.fixture(scope='module')
def upright(tmp_path_factory, dlib_backend, clip):
    root = str(tmp_path_factory.mktemp('upright'))
    rec = preprocess_video(clip('pyfeat_single_face.mp4'), root, 'a',
                           backend=dlib_backend, max_frames=FRAMES)
    return (np.stack(list(iter_frames(rec['outputs']['video']))),
            np.load(rec['outputs']['landmarks']))


@pytest.mark.parametrize('degrees,hflip', [(90, False), (270, False),
                                           (180, False), (90, True)])
def test_phone_video_gives_the_upright_result(degrees, hflip, upright,
                                              phone_clip, clip, tmp_path,
                                              dlib_backend):
    src = phone_clip(clip('pyfeat_single_face.mp4'),
                     str(tmp_path / 'phone.mp4'), degrees, FRAMES, hflip)
    rec = preprocess_video(src, str(tmp_path / 'out'), 'a',
                           backend=dlib_backend)
    assert rec['status'] == 'ok' and rec['face_ratio'] == 1.0, rec
    crops = np.stack(list(iter_frames(rec['outputs']['video'])))
    lms = np.load(rec['outputs']['landmarks'])
    want_crops, want_lms = upright
    if hflip:  # the displayed video is the mirror image of the original
        return
    assert np.abs(crops.astype(int) - want_crops).mean() < 4
    assert np.abs(lms - want_lms).mean() < 0.5


def test_mirrored_phone_video_is_the_mirror_image(upright, phone_clip, clip,
                                                  tmp_path, dlib_backend):
    """A front-camera (mirrored) video is shown mirrored; the face is found
    and its crop is close to the mirror of the original's."""
    src = phone_clip(clip('pyfeat_single_face.mp4'),
                     str(tmp_path / 'phone.mp4'), 0, FRAMES, hflip=True)
    shown = next(iter_frames(src, 'gray'))
    orig = next(iter_frames(clip('pyfeat_single_face.mp4'), 'gray'))
    assert np.abs(shown.astype(int) - orig).mean() < 3
    assert probe_video(src).rotation.hflip


def test_other_angles_warn_and_use_the_stored_frames(tmp_path, clip,
                                                     dlib_backend, upright):
    """45 degrees cannot be applied without resampling: a warning names the
    file and the angle, the frames are used as stored."""
    src = str(tmp_path / 'tilt.mp4')
    with av.open(clip('pyfeat_single_face.mp4')) as inp, \
            av.open(src, 'w') as out:  # re-mux, no re-encoding
        stream = out.add_stream_from_template(inp.streams.video[0])
        stream.set_display_rotation(45)
        for packet in inp.demux(inp.streams.video[0]):
            if packet.dts is not None:
                packet.stream = stream
                out.mux(packet)
    with pytest.warns(UserWarning, match=r'tilt.mp4.*45.0 degrees.*NOT'):
        rec = preprocess_video(src, str(tmp_path / 'o'), 'a',
                               backend=dlib_backend, max_frames=FRAMES)
    assert rec['status'] == 'ok' and rec['rotation'] == 0.0
    crops = np.stack(list(iter_frames(rec['outputs']['video'])))
    assert np.abs(crops.astype(int) - upright[0]).mean() < 4
    assert np.abs(np.load(rec['outputs']['landmarks']) - upright[1]).max() \
        < 0.05  # the same pixels were decoded
    with warnings.catch_warnings():
        warnings.simplefilter('error')  # an upright file warns nothing
        list(iter_frames(clip('pyfeat_single_face.mp4'), max_frames=2))


def test_fractional_rate_kept_through_rotation(tmp_path, phone_clip, clip):
    src = phone_clip(clip('pyfeat_WolfgangLanger_Pexels.mp4'),
                     str(tmp_path / 'p.mp4'), 90, 3)
    info = probe_video(src)
    assert info.fps == Fraction(24000, 1001)
    # stored 360x640, shown (and returned) as the original 640x360
    assert (info.width, info.height) == (640, 360)
    assert info.rotation.quarter_turns == 1
