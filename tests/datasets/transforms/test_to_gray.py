"""Tests for ToGray (ITU-R BT.601 luma, (H, W, 1) layout)."""
import os.path as osp

import cv2
import decord
import numpy as np
import pytest

from mmaction.registry import TRANSFORMS
from mmaction_vaerr.datasets.transforms import ToGray


def _results(imgs, **extra):
    t = len(imgs)
    return dict(imgs=imgs,
                gt_va=np.linspace(-1, 1, 2 * t,
                                  dtype=np.float32).reshape(t, 2),
                frame_mask=np.ones(t, bool),
                **extra)


def test_known_colours_exact():
    colours = np.array([[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255],
                        [0, 0, 0], [10, 20, 30], [128, 128, 128]], np.uint8)
    # 0.299*255=76.245, 0.587*255=149.685, 0.114*255=29.07,
    # 0.299*10 + 0.587*20 + 0.114*30 = 18.15
    expected = [76, 150, 29, 255, 0, 18, 128]
    img = colours.reshape(1, 7, 3)
    out = ToGray()(_results([img]))
    assert out['imgs'][0].shape == (1, 7, 1)
    assert out['imgs'][0].dtype == np.uint8
    assert out['imgs'][0][0, :, 0].tolist() == expected
    assert out['img_shape'] == (1, 7)


def test_matches_bt601_formula_and_opencv():
    rng = np.random.default_rng(0)
    imgs = [
        rng.integers(0, 256, (17, 23, 3), dtype=np.uint8) for _ in range(4)
    ]
    out = ToGray()(_results([i.copy() for i in imgs]))['imgs']
    for img, gray in zip(imgs, out):
        y = img.astype(np.float64) @ np.array([0.299, 0.587, 0.114])
        ref = np.floor(y + 0.5)
        diff = gray[..., 0].astype(np.int64) - ref
        # Only exact .5 ties may differ (float64 rounding of the weights).
        tie = np.abs(y - np.floor(y) - 0.5) < 1e-9
        assert np.all(diff[~tie] == 0)
        assert np.all(np.abs(diff) <= 1)
        cv = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
        assert np.abs(gray[..., 0].astype(int) - cv).max() <= 1


def test_bgr_order():
    rng = np.random.default_rng(1)
    rgb = rng.integers(0, 256, (5, 6, 3), dtype=np.uint8)
    a = ToGray('rgb')(_results([rgb.copy()]))['imgs'][0]
    b = ToGray('bgr')(_results([rgb[..., ::-1].copy()]))['imgs'][0]
    assert np.array_equal(a, b)
    assert not np.array_equal(a, ToGray('bgr')(_results([rgb]))['imgs'][0])


@pytest.mark.parametrize('shape', [(6, 5), (6, 5, 1)])
def test_gray_input_keeps_values_new_arrays(shape):
    img = np.arange(30, dtype=np.uint8).reshape(shape)
    img.setflags(write=False)
    results = _results([img, img])  # the same object twice
    out = ToGray()(results)
    a, b = out['imgs']
    assert a.shape == (6, 5, 1) and a.flags.writeable and a.flags.c_contiguous
    assert np.array_equal(a[..., 0], img.reshape(6, 5))
    assert a is not b and not np.shares_memory(a, img)
    a[0, 0, 0] = 99
    assert b[0, 0, 0] == 0 and img.flat[0] == 0


def test_real_clip(real_clips):
    vr = decord.VideoReader(osp.join(real_clips, 'pyfeat_single_face.mp4'))
    frames = vr.get_batch(list(range(0, 32, 2))).asnumpy()
    results = _results(list(frames), filename='pyfeat_single_face.mp4')
    gt_va, mask = results['gt_va'].copy(), results['frame_mask'].copy()
    out = ToGray()(results)
    assert len(out['imgs']) == 16
    assert out['img_shape'] == frames.shape[1:3]
    for rgb, gray in zip(frames, out['imgs']):
        assert gray.shape == frames.shape[1:3] + (1, )
        cv = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
        assert np.abs(gray[..., 0].astype(int) - cv).max() <= 1
    assert np.array_equal(out['gt_va'], gt_va)
    assert np.array_equal(out['frame_mask'], mask)


def test_bad_input():
    with pytest.raises(KeyError, match='imgs'):
        ToGray()(dict(gt_va=np.zeros((1, 2))))
    with pytest.raises(TypeError, match='uint8'):
        ToGray()(dict(imgs=[np.zeros((4, 4, 3), np.float32)]))
    with pytest.raises(ValueError, match=r'4 channels.*clip\.mp4'):
        ToGray()(dict(imgs=[np.zeros((4, 4, 4), np.uint8)],
                      filename='clip.mp4'))
    with pytest.raises(ValueError, match='empty'):
        ToGray()(dict(imgs=[]))
    with pytest.raises(ValueError, match='channel_order'):
        ToGray('yuv')


def test_registry_and_repr():
    t = TRANSFORMS.build(dict(type='ToGray', channel_order='bgr'))
    assert isinstance(t, ToGray)
    assert repr(t) == "ToGray(channel_order='bgr')"
