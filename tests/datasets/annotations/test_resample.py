"""Resampling of time-stamped labels onto video frames (frame i at i/fps)."""
import numpy as np
import pytest

from mmaction_vaerr.datasets.annotations import (LabelTrack, num_label_frames,
                                                 resample_to_frames)

FPS = [25, 30, 50]


def _ten_hz(duration=10.0):
    return np.round(np.arange(0, duration + 1e-9, 0.1), 6)


@pytest.mark.parametrize('fps,expected', [(25, 252), (30, 302), (50, 503)])
def test_frame_counts_for_10s_of_10hz_labels(fps, expected):
    # labels at 0.0 .. 10.0 s cover frames up to 10.05 s
    times = _ten_hz()
    out, ok = resample_to_frames(times, np.zeros(len(times)), fps)
    assert len(out) == expected == num_label_frames(10.0, 0.1, fps)
    assert ok.all()


@pytest.mark.parametrize('fps', FPS)
def test_step_is_not_shifted(fps):
    times = _ten_hz(4.0)
    values = (times >= 2.0).astype(float)
    out, ok = resample_to_frames(times, values, fps)
    step = round(2.0 * fps)
    assert ok.all()
    assert out[step] == 1.0 and out[step - 1] < 1.0
    t = np.arange(len(out)) / fps
    assert np.all(out[t <= 1.9 + 1e-9] == 0.0)
    assert np.all((out > 0) == (t > 1.9 + 1e-9))
    assert np.all(out[step:] == 1.0)
    # first frame reaching the new value is exactly the one at 2.0 s
    assert int(np.argmax(out == 1.0)) == step


@pytest.mark.parametrize('fps', FPS)
def test_exact_values_at_aligned_times_and_linear_between(fps):
    rng = np.random.default_rng(0)
    times = _ten_hz(3.0)
    values = rng.uniform(-1, 1, size=(len(times), 2))
    out, ok = resample_to_frames(times, values, fps)
    # frames on label times: every 0.2 s is a frame time at 25/30/50 fps
    for k in range(0, len(times), 2):
        np.testing.assert_array_equal(out[round(times[k] * fps)], values[k])
    t = np.arange(len(out)) / fps
    inside = t <= times[-1]
    for d in range(2):
        np.testing.assert_allclose(out[inside, d],
                                   np.interp(t[inside], times, values[:, d]),
                                   atol=1e-12)


def test_hold_half_a_period_beyond_the_span_then_invalid():
    times = np.array([1.0, 1.1, 1.2])
    out, ok = resample_to_frames(times, np.array([0.3, 0.4, 0.5]), 50,
                                 num_frames=70)
    t = np.arange(70) / 50
    # 0.95 .. 1.25 s hold the edge values, everything else is invalid
    np.testing.assert_array_equal(ok, (t >= 0.95 - 1e-9) & (t <= 1.25 + 1e-9))
    assert out[ok][0] == 0.3 and out[ok][-1] == 0.5
    assert np.all(out[~ok] == 0.0)


def test_gap_longer_than_max_gap_is_not_interpolated():
    times = np.array([0.0, 0.1, 0.2, 1.0, 1.1])
    out, ok = resample_to_frames(times, np.array([0., 0., 0.2, 0.9, 0.9]),
                                 50)
    t = np.arange(len(out)) / 50
    gap = (t > 0.25 + 1e-9) & (t < 0.95 - 1e-9)
    assert not ok[gap].any() and ok[~gap].all()
    assert out[round(0.24 * 50)] == 0.2 and out[round(0.96 * 50)] == 0.9


def test_invalid_samples_propagate_to_neighbouring_frames():
    times = _ten_hz(1.0)
    valid = np.ones(len(times), bool)
    valid[5] = False  # 0.5 s
    out, ok = resample_to_frames(times, np.ones(len(times)), 25, valid=valid)
    t = np.arange(len(out)) / 25
    bad = (t > 0.4 + 1e-9) & (t < 0.6 - 1e-9)
    np.testing.assert_array_equal(ok, ~bad)
    assert ok[10] and ok[15]  # 0.4 s and 0.6 s are label times


def test_nan_samples_are_invalid():
    out, ok = resample_to_frames(np.array([0.0, 0.1, 0.2]),
                                 np.array([0.1, np.nan, 0.3]), 10)
    np.testing.assert_array_equal(ok, [True, False, True])
    assert np.isfinite(out).all()


def test_bad_inputs():
    with pytest.raises(ValueError, match='strictly increasing'):
        resample_to_frames(np.array([0.0, 0.2, 0.1]), np.zeros(3), 25)
    with pytest.raises(ValueError, match='fps must be positive'):
        resample_to_frames(np.array([0.0, 0.1]), np.zeros(2), 0)
    with pytest.raises(ValueError, match='pass `period`'):
        resample_to_frames(np.array([0.0]), np.zeros(1), 25)


def test_label_track_to_frames_keeps_dimension_order():
    track = LabelTrack(times=[0.0, 0.1], arousal=[0.5, 0.5],
                       valence=[-0.5, -0.5], source='x')
    ann = track.to_frames(20)
    assert len(ann) == 4  # 0, 0.05, 0.10, 0.15 s
    np.testing.assert_array_equal(ann.va[0], [0.5, -0.5])
    with pytest.raises(ValueError, match='x: timestamps are not strictly'):
        LabelTrack(times=[0.1, 0.1], arousal=[0, 0], valence=[0, 0],
                   source='x')
