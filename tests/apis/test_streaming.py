"""Streaming with a unidirectional model equals its offline run."""
import numpy as np
import pytest

from mmaction_vaerr.apis import (StreamingVAPredictor, inference_va,
                                 init_model)
from mmaction_vaerr.io import iter_frames


@pytest.fixture(scope='module')
def uni_model(trained_uni):
    return init_model(*trained_uni)


@pytest.fixture(scope='module')
def faces(test_video):
    return np.stack(list(iter_frames(test_video[0])))[:24]


def _va(preds):
    return np.array([[p.arousal, p.valence] for p in preds])


def test_frame_by_frame_equals_offline(uni_model, faces):
    faces = faces[:14]
    offline = inference_va(uni_model, faces, window=None)
    stream = StreamingVAPredictor(uni_model)
    preds, emitted_at = [], []
    for t, face in enumerate(faces):
        out = stream.push(face)
        emitted_at += [(p.frame, t) for p in out]
        preds += out
    assert len(preds) == len(faces) - 2
    assert all(t - f == 2 for f, t in emitted_at)  # 2-frame look-ahead
    preds += stream.flush()
    assert [p.frame for p in preds] == list(range(len(faces)))
    np.testing.assert_allclose(_va(preds), offline.va, atol=1e-5)
    np.testing.assert_allclose(np.stack([p.prob for p in preds]),
                               offline.prob, atol=1e-5)


def test_chunks_and_invalid_frames(uni_model, faces):
    valid = np.ones(len(faces), bool)
    valid[10:13] = False
    offline = inference_va(uni_model, faces, valid=valid, window=None)
    stream = StreamingVAPredictor(uni_model)
    preds = []
    for s in range(0, len(faces), 4):
        preds += stream.push_chunk(faces[s:s + 4], valid[s:s + 4])
    preds += stream.flush()
    va = _va(preds)
    assert np.isnan(va[10:13]).all()
    assert [p.valid for p in preds] == valid.tolist()
    np.testing.assert_allclose(va[valid], offline.va[valid], atol=1e-5)
    with pytest.raises(RuntimeError, match='reset'):
        stream.push(faces[0])
    stream.reset()  # a new stream gives the same start
    first = stream.push_chunk(faces[:5]) + stream.flush()
    np.testing.assert_allclose(
        _va(first), inference_va(uni_model, faces[:5], window=None).va,
        atol=1e-5)


def test_short_stream_and_bidirectional_refused(uni_model, faces, trained_bi):
    stream = StreamingVAPredictor(uni_model)
    assert stream.push(faces[0]) == []
    out = stream.flush()
    np.testing.assert_allclose(
        _va(out), inference_va(uni_model, faces[:1], window=None).va,
        atol=1e-5)
    with pytest.raises(ValueError, match='unidirectional'):
        StreamingVAPredictor(init_model(*trained_bi))


def test_tap_stem_backbone(trained_uni, faces):
    """The 2D tap-stem variant (same weights) streams the same way."""
    model = init_model(*trained_uni, cfg_options=dict(
        model=dict(backbone=dict(type='ResNet18TapStem'))))
    stream = StreamingVAPredictor(model)
    preds = stream.push_chunk(faces[:6]) + stream.push(faces[6]) + \
        stream.flush()
    np.testing.assert_allclose(
        _va(preds), inference_va(model, faces[:7], window=None).va,
        atol=1e-5)
