"""Phone videos (display rotation matrix) are turned upright before faces
are detected; the result matches the unrotated clip."""
import warnings

import av
import numpy as np
import pytest

from mmaction_vaerr.io import iter_frames, probe_video
from mmaction_vaerr.preprocessing.pipeline import preprocess_video

FRAMES = 12


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
