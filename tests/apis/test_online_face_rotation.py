"""The online aligner turns frames of a rotated source upright."""
import os.path as osp

import pytest

from mmaction_vaerr.apis.online_face import OnlineFaceAligner
from mmaction_vaerr.io import iter_frames, probe_video
from mmaction_vaerr.testing import write_phone_clip


def _phone_clip(src, dst):
    return write_phone_clip(src, dst, 270, 6)


def test_stored_sideways_frames_are_aligned(real_clips, tmp_path):
    from mmaction_vaerr.preprocessing.backends import (BackendUnavailable,
                                                       DlibBackend)
    try:
        backend = DlibBackend()
    except BackendUnavailable as e:
        pytest.skip(str(e))
    path = _phone_clip(osp.join(real_clips, 'pyfeat_single_face.mp4'),
                       str(tmp_path / 'p.mp4'))
    stored = list(iter_frames(path, 'bgr24', rotate=False))
    assert stored[0].shape == (640, 360, 3)  # lying on its side
    upright = OnlineFaceAligner(backend, fps=30,
                                rotation=probe_video(path).rotation)
    plain = OnlineFaceAligner(backend, fps=30)
    found = [upright(f)[1] for f in stored]
    missed = [plain(f)[1] for f in stored]
    assert all(found) and not any(missed)
    assert upright(stored[0])[0].shape == (96, 96)
