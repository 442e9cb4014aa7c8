import logging

import numpy as np
import pytest

from mmaction_vaerr.io import VideoReadError, iter_frames
from mmaction_vaerr.preprocessing import prefetch as pf
from mmaction_vaerr.preprocessing.crops import track_video


def test_prefetch_keeps_items_order_and_errors():
    assert list(pf.prefetch(iter(range(50)), depth=3)) == list(range(50))

    def broken():
        yield 1
        yield 2
        raise VideoReadError('x.mp4', 'decoding failed at frame 2')

    got = []
    with pytest.raises(VideoReadError, match='x.mp4: decoding failed'):
        for item in pf.prefetch(broken()):
            got.append(item)
    assert got == [1, 2]


def test_prefetch_stops_its_producer_when_left_early():
    closed = []

    def frames():
        try:
            for i in range(10 ** 6):
                yield i
        finally:
            closed.append(True)

    it = pf.prefetch(frames(), depth=2)
    assert next(it) == 0
    it.close()
    assert closed == [True]


def test_decision_follows_the_usable_cores(monkeypatch, caplog):
    monkeypatch.setattr(pf, 'usable_cores', lambda: 1)
    assert pf.decode_ahead_decision()[0] is False
    monkeypatch.setattr(pf, 'usable_cores', lambda: 2)
    pf._logged.clear()
    with caplog.at_level(logging.INFO, logger=pf.__name__):
        on, why = pf.decode_ahead_decision()
    assert on and 'auto: 2 usable cores' in why and why in caplog.text
    assert pf.decode_ahead_decision(False)[0] is False


def test_tracking_is_the_same_with_decoding_ahead(dlib_backend, clip):
    path = clip('liveportrait_d11.mp4')
    inline = track_video(path, dlib_backend, 25.0, max_frames=20,
                         decode_ahead=False)
    ahead = track_video(path, dlib_backend, 25.0, max_frames=20,
                        decode_ahead=True)
    assert 'thread' in ahead.decoding and 'inline' in inline.decoding
    assert inline.stats == ahead.stats and inline.valid.all()
    for a, b in zip(inline.raw, ahead.raw):
        np.testing.assert_array_equal(a, b)
    for a, b, c in zip(inline.frames, ahead.frames,
                       iter_frames(path, 'gray', 20)):
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(b, c)
