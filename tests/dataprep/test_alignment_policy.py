"""Frame-count policy: cut/pad within tolerance with a warning, else raise."""
import logging

import numpy as np
import pytest

from mmaction_vaerr.datasets import VAAnnotation
from mmaction_vaerr.dataprep import FrameCountPolicy, fit_length


def _ann(n):
    return VAAnnotation(arousal=np.linspace(-1, 1, n),
                        valence=np.full(n, 0.5), valid=np.ones(n, bool),
                        fps=25)


def test_tolerance_is_frames_or_ratio():
    policy = FrameCountPolicy()
    assert policy.tolerance(50) == 2 and policy.tolerance(1000) == 20
    assert FrameCountPolicy(5, 0.0).tolerance(1000) == 5
    with pytest.raises(ValueError):
        FrameCountPolicy(-1)


def test_equal_counts_unchanged():
    ann = _ann(10)
    assert FrameCountPolicy().align(ann, 10, 'a.csv') is ann


def test_truncates_without_shifting(caplog):
    ann = _ann(102)
    with caplog.at_level(logging.WARNING):
        out = FrameCountPolicy().align(ann, 100, 'lab.csv', 'vid.mp4')
    assert len(out) == 100
    np.testing.assert_array_equal(out.arousal, ann.arousal[:100])
    assert 'lab.csv: 102 label frames vs 100 frames in vid.mp4' in caplog.text
    assert 'dropping the last 2' in caplog.text


def test_pads_with_invalid_frames(caplog):
    ann = _ann(98)
    with caplog.at_level(logging.WARNING):
        out = FrameCountPolicy().align(ann, 100, 'lab.csv', 'vid.mp4')
    assert len(out) == 100 and out.valid[:98].all()
    assert not out.valid[98:].any()
    np.testing.assert_array_equal(out.arousal[:98], ann.arousal)
    assert 'marking the last 2 frame(s) invalid' in caplog.text


def test_beyond_tolerance_raises_naming_both_files():
    with pytest.raises(ValueError) as err:
        FrameCountPolicy().align(_ann(110), 100, 'lab.csv', 'vid.mp4')
    msg = str(err.value)
    assert 'lab.csv' in msg and 'vid.mp4 has 100 frames' in msg
    assert 'labels cover 110 frames' in msg and 'tolerance 2' in msg
    # configurable
    assert len(FrameCountPolicy(10).align(_ann(110), 100, 'l', 'v')) == 100
    with pytest.raises(ValueError):
        FrameCountPolicy(0, 0).align(_ann(101), 100, 'l', 'v')


def test_fit_length():
    arr = np.arange(6, dtype=float).reshape(3, 2)
    np.testing.assert_array_equal(fit_length(arr, 2), arr[:2])
    padded = fit_length(arr, 4, fill=np.nan)
    assert padded.shape == (4, 2) and np.isnan(padded[3]).all()
