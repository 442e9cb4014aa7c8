import cv2
import numpy as np
import pytest

from mmaction_vaerr.preprocessing.alignment import (
    IBUG68_FLIP, MEAN_FACE_68, STABLE_POINTS, alignment_matrix,
    reference_landmarks, shape_residual, transform_points, umeyama, warp_face)


def _similarity(scale, angle, tx, ty):
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[scale * c, -scale * s, tx], [scale * s, scale * c, ty]])


@pytest.mark.parametrize('scale,angle', [(1.0, 0.0), (2.5, 0.3),
                                         (0.4, -2.0)])
def test_umeyama_recovers_a_known_similarity(scale, angle):
    rng = np.random.default_rng(0)
    src = rng.normal(size=(20, 2)) * 10
    mat = _similarity(scale, angle, 5.0, -3.0)
    est = umeyama(src, transform_points(src, mat))
    np.testing.assert_allclose(est, mat, atol=1e-9)


def test_umeyama_is_least_squares_and_never_reflects():
    rng = np.random.default_rng(1)
    src = rng.normal(size=(30, 2))
    dst = src * [-1, 1]  # a mirror image: the best *rotation* is sought
    est = umeyama(src, dst)
    assert np.linalg.det(est[:, :2]) > 0
    noisy = transform_points(src, _similarity(1.5, 0.2, 1, 2)) \
        + rng.normal(scale=0.05, size=src.shape)
    est = umeyama(src, noisy)
    err = ((transform_points(src, est) - noisy) ** 2).sum()
    a, b, tx, ty = est[0, 0], est[1, 0], est[0, 2], est[1, 2]
    assert est[0, 1] == pytest.approx(-b) and est[1, 1] == pytest.approx(a)
    for k in range(4):  # any other similarity fits worse
        for d in (1e-3, -1e-3):
            p = np.array([a, b, tx, ty])
            p[k] += d
            m = np.array([[p[0], -p[1], p[2]], [p[1], p[0], p[3]]])
            assert ((transform_points(src, m) - noisy) ** 2).sum() > err


def _umeyama_svd(src, dst):
    """Umeyama 1991 eqs. (38)-(42) through the SVD, as written there."""
    src, dst = np.asarray(src, np.float64), np.asarray(dst, np.float64)
    mu_x, mu_y = src.mean(0), dst.mean(0)
    xs, ys = src - mu_x, dst - mu_y
    u, d, vt = np.linalg.svd(ys.T @ xs / len(src))
    s = np.array([1.0, np.sign(np.linalg.det(u) * np.linalg.det(vt)) or 1.0])
    rot = (u * s) @ vt
    scale = (d * s).sum() / (xs ** 2).sum(1).mean()
    return np.hstack([scale * rot, (mu_y - scale * rot @ mu_x)[:, None]])


def test_umeyama_closed_form_equals_the_svd_solution():
    rng = np.random.default_rng(2)
    for k in range(50):  # random clouds, mirrored ones, near-collinear ones
        src = rng.normal(size=(68, 2)) * rng.uniform(1, 300)
        dst = rng.normal(size=(68, 2)) * rng.uniform(1, 300)
        if k % 3 == 1:
            dst = src * [-1, 1] + rng.normal(scale=0.1, size=src.shape)
        if k % 3 == 2:
            src[:, 1] *= 1e-3
        ref = _umeyama_svd(src, dst)
        np.testing.assert_allclose(umeyama(src, dst), ref, rtol=1e-9,
                                   atol=1e-9 * np.abs(ref).max())


def test_umeyama_rejects_bad_input():
    with pytest.raises(ValueError, match='all equal'):
        umeyama(np.ones((5, 2)), np.zeros((5, 2)))
    with pytest.raises(ValueError, match='expected two'):
        umeyama(np.ones((5, 2)), np.zeros((4, 2)))


def test_mean_face_is_symmetric_and_inside_the_crop():
    assert MEAN_FACE_68.shape == (68, 2)
    assert sorted(IBUG68_FLIP) == list(range(68))
    np.testing.assert_array_equal(IBUG68_FLIP[IBUG68_FLIP], np.arange(68))
    np.testing.assert_allclose(MEAN_FACE_68[IBUG68_FLIP] * [-1, 1],
                               MEAN_FACE_68, atol=1e-4)
    for size in (64, 96, 112):
        ref = reference_landmarks(size)
        assert ref.min() > 0 and ref.max() < size
        # eyes above nose above mouth above chin
        assert ref[36:48, 1].mean() < ref[33, 1] < ref[51, 1] < ref[8, 1]


def test_alignment_puts_the_face_on_the_reference():
    ref = reference_landmarks(96)
    mat = _similarity(3.0, 0.25, 200, 120)  # crop -> frame
    frame_lms = transform_points(ref, mat)
    img = np.zeros((600, 700), np.uint8)
    for x, y in frame_lms[STABLE_POINTS]:
        cv2.circle(img, (int(round(x)), int(round(y))), 4, 255, -1)
    align = alignment_matrix(frame_lms, ref)
    np.testing.assert_allclose(transform_points(frame_lms, align), ref,
                               atol=1e-6)
    crop = warp_face(img, align, 96)
    assert crop.shape == (96, 96) and crop.dtype == np.uint8
    for x, y in ref[STABLE_POINTS]:
        assert crop[int(round(y)), int(round(x))] > 128


def test_shape_residual_separates_faces_from_noise():
    rng = np.random.default_rng(2)
    face = transform_points(MEAN_FACE_68, _similarity(80, 0.1, 300, 200))
    face += rng.normal(scale=1.0, size=face.shape)
    assert shape_residual(face)[0] < 0.03
    assert shape_residual(rng.uniform(0, 300, size=(68, 2)))[0] > 0.3


def test_closed_form_keeps_real_clip_crops_and_landmarks(
        monkeypatch, dlib_backend, clip):
    """On 24 frames of a real clip, the pipeline's crops and crop landmarks
    with the closed-form fit equal those of the SVD formula (landmarks to
    1e-6 px, crops to 1 gray level from float rounding in the warp)."""
    from mmaction_vaerr.preprocessing import alignment
    from mmaction_vaerr.preprocessing.crops import (frame_landmarks,
                                                    iter_aligned, track_video)
    path = clip('liveportrait_d3.mp4')

    def run():
        tracked = track_video(path, dlib_backend, 30.0, max_frames=24)
        lms = frame_landmarks(tracked, 30.0)
        return tracked, list(iter_aligned(path, tracked, lms))

    fast_tracked, fast = run()
    monkeypatch.setattr(alignment, 'umeyama', _umeyama_svd)
    svd_tracked, svd = run()
    assert (fast_tracked.valid == svd_tracked.valid).all()
    assert fast_tracked.valid.sum() >= 20
    for (crop_a, pts_a), (crop_b, pts_b) in zip(fast, svd):
        np.testing.assert_allclose(pts_a, pts_b, atol=1e-6)
        assert np.abs(crop_a.astype(int) - crop_b).max() <= 1
