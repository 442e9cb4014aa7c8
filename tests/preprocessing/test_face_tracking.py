import cv2
import numpy as np
import pytest

from mmaction_vaerr.preprocessing.alignment import MEAN_FACE_68
from mmaction_vaerr.preprocessing.backends.base import FaceBackend
from mmaction_vaerr.preprocessing.smoothing import (fill_gaps, one_euro,
                                                    smooth_landmarks)
from mmaction_vaerr.preprocessing.tracking import (FaceTracker, box_iou,
                                                   prominence)
from mmaction_vaerr.io import iter_frames


class ScriptedBackend(FaceBackend):
    """Frame t (an int 'image') shows the faces listed in ``script[t]``."""

    name = 'scripted'

    def __init__(self, script):
        super().__init__(detect_max_side=100)
        self.script = script

    def _detect_raw(self, image):
        raise AssertionError('not used')

    def detect(self, image):
        boxes = np.array(self.script[int(image[0, 0])], np.float32)
        return boxes.reshape(-1, 4), np.ones(len(boxes), np.float32)

    def detect_near(self, image, box):
        boxes, scores = self.detect(image)
        keep = box_iou(box, boxes) > 0  # only what the window can see
        return boxes[keep], scores[keep]

    def landmarks(self, image, box):
        x1, y1, x2, y2 = box
        pts = MEAN_FACE_68 * (x2 - x1) / 2 + [(x1 + x2) / 2, y1 + 10]
        return pts.astype(np.float32), float('nan')


def _frame(t):
    img = np.zeros((100, 100), np.uint8)
    img[0, 0] = t
    return img


def test_box_iou_and_prominence():
    box = np.array([0, 0, 10, 10.])
    iou = box_iou(box, np.array([[0, 0, 10, 10], [5, 0, 15, 10],
                                 [20, 20, 30, 30.]]))
    np.testing.assert_allclose(iou, [1, 1 / 3, 0])
    score = prominence(np.array([[0, 0, 20, 20], [40, 40, 60, 60],
                                 [30, 30, 70, 70.]]), (100, 100))
    assert score[1] > score[0]  # same size, more central
    assert score[2] > score[1]  # larger


def test_tracker_keeps_one_person_through_a_loss():
    a = [40, 40, 70, 70]   # the tracked person
    b = [0, 0, 45, 45]     # someone else, larger once a is gone
    script = [[a]] * 5 + [[b]] * 5 + [[a, b]] * 5 + [[b]] * 40
    tracker = FaceTracker(ScriptedBackend(script), detect_every=3, fps=10,
                          reacquire_s=1.0)
    out = [tracker.update(_frame(t)) for t in range(len(script))]
    src = [o.source for o in out]
    assert all(o.box is not None and o.box[0] == 40 for o in out[:5])
    # a is gone: b is not taken while a may come back (1 s = 10 frames)
    assert all(o.landmarks is None for o in out[5:10])
    assert all(o.box[0] == 40 for o in out[10:15])  # a again
    assert all(o.landmarks is None for o in out[15:25])
    # long after the loss the most prominent face is accepted
    assert all(o.box[0] == 0 for o in out[27:])
    assert 'near' in src and 'full' in src


def test_tracker_first_pick_is_the_most_prominent():
    small, big = [0, 0, 20, 20], [30, 30, 80, 80]
    tracker = FaceTracker(ScriptedBackend([[small, big]] * 3))
    assert tracker.update(_frame(0)).box[0] == 30
    with pytest.raises(ValueError, match='detect_every'):
        FaceTracker(ScriptedBackend([]), detect_every=0)


def test_tracker_follows_one_of_two_real_faces(dlib_backend, clip):
    """Two people side by side: every frame must show the same person."""
    left = list(iter_frames(clip('pyfeat_single_face.mp4'), max_frames=30))
    right = list(iter_frames(clip('liveportrait_d19.mp4'), max_frames=30))
    tracker = FaceTracker(dlib_backend, detect_every=5, fps=30)
    xs = []
    for t, (lf, rf) in enumerate(zip(left, right)):
        lf = lf[:, 130:450]  # 320 wide, face ~180 px: the larger one
        if 10 <= t < 14:  # the chosen person leaves; the other stays
            lf = np.full_like(lf, 128)
        rf = cv2.copyMakeBorder(cv2.resize(rf, (240, 240)), 60, 60, 0, 0,
                                cv2.BORDER_CONSTANT, value=128)
        res = tracker.update(np.hstack([lf, rf]))
        xs.append(np.nan if res.landmarks is None
                  else res.landmarks[:, 0].mean())
    xs = np.array(xs)
    assert np.isnan(xs[10:14]).all()  # not swapped for the other person
    others = np.r_[0:10, 15:30]
    assert np.isfinite(xs[others]).all()  # found again when back
    assert (xs[others] < 320).all()


def test_one_euro_smooths_jitter_but_follows_motion():
    # units as in smooth_landmarks: face sizes (outer-eye distances)
    rng = np.random.default_rng(0)
    fps = 30
    still = 5 + rng.normal(scale=0.01, size=300)
    assert one_euro(still, fps).std() < still.std() / 2.5
    ramp = np.arange(300) / fps  # one face size per second
    lag = np.abs(one_euro(ramp, fps, beta=1.0) - ramp)[100:].mean()
    fixed = np.abs(one_euro(ramp, fps, beta=0.0) - ramp)[100:].mean()
    assert lag < 0.5 * fixed


def test_smooth_landmarks_zero_phase_and_per_run():
    rng = np.random.default_rng(1)
    t = np.arange(120)
    base = MEAN_FACE_68 * 60 + 100
    motion = np.stack([20 * np.sin(t / 15.0), np.zeros_like(t)], 1)
    clean = base[None] + motion[:, None, :]
    noisy = clean + rng.normal(scale=0.8, size=clean.shape)
    valid = np.ones(120, bool)
    valid[50:55] = False
    out = smooth_landmarks(noisy, valid, fps=25)
    assert out.dtype == np.float32 and out.shape == noisy.shape
    np.testing.assert_array_equal(out[50:55], noisy[50:55].astype(np.float32))
    err_in = np.abs(noisy - clean)[valid].mean()
    err_out = np.abs(out - clean)[valid].mean()
    assert err_out < err_in / 2
    jitter = np.abs(np.diff(out[60:], 2, axis=0)).mean()
    assert jitter < np.abs(np.diff(noisy[60:], 2, axis=0)).mean() / 5


def test_fill_gaps_interpolates_short_gaps_and_holds_long_ones():
    lms = np.zeros((12, 68, 2), np.float32)
    lms[:, :, 0] = np.arange(12)[:, None]
    valid = np.array([0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0], bool)
    lms[~valid] = -99
    out = fill_gaps(lms, valid, max_gap=2)
    x = out[:, 0, 0]
    np.testing.assert_allclose(x[[0, 3, 4]], [1, 3, 4])  # hold, interpolate
    np.testing.assert_allclose(x[6:10], [5, 5, 10, 10])  # 4 > 2: nearest
    assert x[11] == 10
    np.testing.assert_array_equal(out[valid], lms[valid])
    with pytest.raises(ValueError, match='no valid frame'):
        fill_gaps(lms, np.zeros(12, bool), 2)
