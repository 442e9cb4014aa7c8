import numpy as np
import pytest

from mmaction_vaerr.io import iter_frames
from mmaction_vaerr.visualization.circumplex import RED
from mmaction_vaerr.visualization.overlay_video import (ColorVideoWriter,
                                                        compose_frame,
                                                        render_overlay_video)


@pytest.fixture
def small_video(tmp_path):
    path = str(tmp_path / 'in.mp4')
    with ColorVideoWriter(path, 25) as w:
        for i in range(12):
            w.write(np.full((48, 65, 3), 20 * i, np.uint8))  # odd width
    return path


def test_writer_counts_and_even_size(small_video):
    frames = list(iter_frames(small_video, 'bgr24'))
    assert len(frames) == 12 and frames[0].shape == (48, 64, 3)


def test_overlay_has_one_frame_per_prediction(small_video, tmp_path):
    va = np.random.default_rng(0).uniform(-1, 1, (10, 2)).astype(np.float32)
    valid = np.ones(10, bool)
    valid[4:6] = False
    va[~valid] = np.nan
    out = str(tmp_path / 'out.mp4')
    snap = str(tmp_path / 'snap.png')
    n = render_overlay_video(small_video, out, va, valid, 25, gt=va * 0.5,
                             height=120, snapshots={3: snap})
    frames = list(iter_frames(out, 'bgr24'))
    assert n == len(frames) == 10
    assert frames[0].shape == (120, 160 + 120, 3)
    import cv2
    assert cv2.imread(snap).shape == (120, 160 + 120, 3)
    with pytest.raises(ValueError, match='ended after 12'):
        render_overlay_video(small_video, out, np.zeros((20, 2)),
                             np.ones(20, bool), 25)


def test_compose_marks_no_face_and_shows_crop():
    frame = np.full((100, 200, 3), 128, np.uint8)
    panel = np.zeros((50, 50, 3), np.uint8)
    face = np.full((96, 96), 255, np.uint8)
    img = compose_frame(frame, panel, 'txt', no_face=True, face=face)
    assert img.shape == (50, 100 + 50, 3)
    assert tuple(img[25, 1]) == RED          # red border
    assert (img[8, 8] == 255).all()          # the face crop, top-left
