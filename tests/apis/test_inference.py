"""``init_model`` + ``inference_va`` on a model trained on synthetic data."""
import os.path as osp

import numpy as np
import pytest

from mmaction_vaerr.apis import (VAResult, face_segments, inference_va,
                                 init_model)
from mmaction_vaerr.datasets.va_annotation import read_va_csv
from mmaction_vaerr.io import count_frames


@pytest.fixture(scope='module')
def bi_model(trained_bi):
    return init_model(*trained_bi, device='cpu')


@pytest.fixture(scope='module')
def bi_result(bi_model, test_video):
    return inference_va(bi_model, test_video[0])


def test_one_prediction_per_frame(bi_result, test_video, tiny_synthetic):
    path, vid = test_video
    n = count_frames(path)
    labels = read_va_csv(osp.join(tiny_synthetic, 'labels', vid + '.csv'))
    assert len(bi_result) == n == len(labels)
    assert bi_result.va.shape == (n, 2) and bi_result.prob.shape == (n, 2, 20)
    assert bi_result.valid.all() and np.isfinite(bi_result.va).all()
    np.testing.assert_allclose(bi_result.prob.sum(-1), 1.0, atol=1e-5)
    assert bi_result.fps == 25.0
    np.testing.assert_allclose(bi_result.times, np.arange(n) / 25.0)
    assert bi_result.info['aligned'] is True  # 96x96 video: no face search
    # arousal / valence order
    np.testing.assert_array_equal(bi_result.arousal, bi_result.va[:, 0])
    np.testing.assert_array_equal(bi_result.valence, bi_result.va[:, 1])


def test_array_input_equals_file_input(bi_model, bi_result, test_video):
    from mmaction_vaerr.io import iter_frames
    frames = np.stack(list(iter_frames(test_video[0], 'gray')))
    res = inference_va(bi_model, frames[..., None], fps=25)
    np.testing.assert_allclose(res.va, bi_result.va, atol=1e-6)


def test_csv_round_trip(bi_result, tmp_path):
    path = str(tmp_path / 'pred.csv')
    res = VAResult(bi_result.va.copy(), bi_result.prob, bi_result.valid.copy(),
                   bi_result.fps)
    res.valid[3:5] = False
    res.va[3:5] = np.nan
    res.to_csv(path)
    back = read_va_csv(path)
    assert len(back) == len(res)
    np.testing.assert_array_equal(back.valid, res.valid)
    ok = res.valid
    np.testing.assert_allclose(back.va[ok], res.va[ok], atol=1e-6)
    assert np.isnan(back.va[~ok]).all()


def test_invalid_frames_are_nan_not_invented(bi_model, bi_result, test_video):
    valid = np.ones(len(bi_result), bool)
    valid[5:9] = False
    res = inference_va(bi_model, test_video[0], valid=valid)
    assert np.isnan(res.va[5:9]).all() and np.isnan(res.prob[5:9]).all()
    np.testing.assert_allclose(res.va[valid], bi_result.va[valid], atol=1e-6)
    np.testing.assert_array_equal(res.valid, valid)


def test_precision_options(bi_model, bi_result, test_video):
    cl = inference_va(bi_model, test_video[0], channels_last=True)
    np.testing.assert_allclose(cl.va, bi_result.va, atol=1e-4)
    bf = inference_va(bi_model, test_video[0], bf16=True)
    assert np.abs(bf.va - bi_result.va).max() < 0.05
    assert not bi_model.backbone.channels_last  # restored


def test_bad_inputs(bi_model, trained_uni, trained_bi):
    with pytest.raises(ValueError, match='uint8'):
        inference_va(bi_model, np.zeros((4, 96, 96), np.float32))
    with pytest.raises(ValueError, match='must be 96x96'):
        inference_va(bi_model, np.zeros((4, 64, 96), np.uint8))
    with pytest.raises(RuntimeError, match='does not fit'):
        init_model(trained_uni[0], trained_bi[1])
    with pytest.raises(FileNotFoundError):
        init_model(trained_bi[0], 'missing.pth')


def test_long_gaps_split_the_video(bi_model, test_video):
    """Crops of a long run without a face never reach the valid frames."""
    from mmaction_vaerr.io import iter_frames
    frames = np.stack(list(iter_frames(test_video[0], 'gray')))[:40]
    valid = np.ones(40, bool)
    valid[12:26] = False                 # 14 frames > 0.5 s at 25 fps
    assert face_segments(valid, 12) == [(0, 12), (26, 40)]
    assert face_segments(valid, 14) == [(0, 40)]
    assert face_segments(np.zeros(5, bool), 1) == []
    res = inference_va(bi_model, frames, valid=valid)
    np.testing.assert_allclose(
        res.va[26:], inference_va(bi_model, frames[26:]).va, atol=1e-5)
    np.testing.assert_allclose(
        res.va[:12], inference_va(bi_model, frames[:12]).va, atol=1e-5)
    assert np.isnan(res.va[12:26]).all()
    joined = inference_va(bi_model, frames, valid=valid, split_gap_s=None)
    assert np.abs(joined.va[:12] - res.va[:12]).max() > 0
    with pytest.raises(ValueError, match='mask has 50 frames, the video 40'):
        inference_va(bi_model, frames, valid=np.ones(50, bool))
