import math

import numpy as np
import pytest

from mmaction_vaerr.visualization.circumplex import (EMOTION_WORDS, GREEN,
                                                     RADIUS, RED,
                                                     draw_circumplex,
                                                     va_panel, va_to_pixel)


def test_axes_orientation():
    c, r = (100, 100), 50
    assert va_to_pixel(0, 0, c, r) == (100, 100)
    assert va_to_pixel(1, 0, c, r) == (150, 100)    # valence -> right
    assert va_to_pixel(0, 1, c, r) == (100, 50)     # arousal -> up
    assert va_to_pixel(-3, -3, c, r) == (50, 150)   # clipped to the circle


def test_emotion_words_in_russell_quadrants():
    words = dict(EMOTION_WORDS)

    def quadrant(w):
        th = math.radians(words[w])
        return (math.cos(th) > 0, math.sin(th) > 0)  # (pleasant, aroused)

    assert quadrant('excited') == (True, True)
    assert quadrant('angry') == quadrant('afraid') == (False, True)
    assert quadrant('sad') == quadrant('tired') == (False, False)
    assert quadrant('calm') == quadrant('content') == (True, False)
    assert words['happy'] < words['excited']  # happy: less aroused


def _color_at(img, v, a):
    size = img.shape[0]
    x, y = va_to_pixel(v, a, (size // 2, size // 2), size * RADIUS)
    return tuple(int(c) for c in img[y, x])


def test_points_drawn_where_expected():
    img = va_panel(360, pred=(0.5, 0.4), gt=(-0.3, -0.6))
    assert _color_at(img, 0.5, 0.4) == RED
    assert _color_at(img, -0.3, -0.6) == GREEN
    empty = draw_circumplex(360)
    assert _color_at(empty, 0.5, 0.4) != RED


def test_no_face_panel_has_no_prediction():
    img = va_panel(360, pred=None, status='no face')
    centre = img[150:260, 100:260].reshape(-1, 3)
    red = (centre == np.array(RED, np.uint8)).all(1)
    assert red.any()  # the 'no face' text
    assert _color_at(va_panel(360, None), 0.5, 0.4) != RED


@pytest.mark.parametrize('size', [200, 480])
def test_panel_size(size):
    assert va_panel(size, (0, 0)).shape == (size, size, 3)
