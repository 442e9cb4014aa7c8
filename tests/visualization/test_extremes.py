"""The extreme-frame picker finds known extremes and skips invalid frames."""
import numpy as np
import pytest

from mmaction_vaerr.visualization.extremes import (extremes_sheet,
                                                   pick_extremes)


def test_picks_known_extremes_and_ignores_invalid_frames():
    t = np.arange(120)
    va = np.stack([np.sin(t / 20.0), np.cos(t / 30.0)], axis=1)
    valid = np.ones(120, bool)
    valid[0:5] = False          # cos is highest at 0: must not be picked
    va[60] = [2.0, -2.0]       # one wild frame, smoothed away
    picks = dict(pick_extremes(va, valid, smooth=9))
    assert picks['highest arousal'] == pytest.approx(31, abs=2)   # pi/2*20
    assert picks['lowest arousal'] == pytest.approx(94, abs=3)    # 3pi/2*20
    assert picks['lowest valence'] == pytest.approx(94, abs=3)    # pi*30
    assert 5 <= picks['highest valence'] <= 8
    assert valid[list(picks.values())].all()


def test_refuses_bad_shapes_and_faceless_video():
    with pytest.raises(ValueError, match='no valid frame'):
        pick_extremes(np.zeros((4, 2)), np.zeros(4, bool))
    with pytest.raises(ValueError, match=r'\(T, 2\)'):
        pick_extremes(np.zeros((4, 3)), np.ones(4, bool))


def test_sheet_is_two_by_two():
    va = np.zeros((10, 2))
    picks = [('a', 0), ('b', 1), ('c', 2), ('d', 3)]
    frames = {i: np.full((60, 80, 3), 40 * i, np.uint8) for i in range(4)}
    sheet = extremes_sheet(frames, picks, va, height=120)
    tile_w = 160 + 120          # frame resized to height 120 | panel
    assert sheet.shape == (240, 2 * tile_w, 3)
