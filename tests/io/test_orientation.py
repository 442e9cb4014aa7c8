"""Display rotation (phone videos): frames come out as a player shows them,
the matrix is parsed, and the shown size and frame rate are reported."""
from fractions import Fraction

import av
import cv2
import numpy as np
import pytest

from mmaction_vaerr.io import iter_frames, probe_video


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


def test_fractional_rate_kept_through_rotation(tmp_path, phone_clip, clip):
    src = phone_clip(clip('pyfeat_WolfgangLanger_Pexels.mp4'),
                     str(tmp_path / 'p.mp4'), 90, 3)
    info = probe_video(src)
    assert info.fps == Fraction(24000, 1001)
    # stored 360x640, shown (and returned) as the original 640x360
    assert (info.width, info.height) == (640, 360)
    assert info.rotation.quarter_turns == 1
