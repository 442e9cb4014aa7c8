import random

import cv2
import numpy as np
import pytest
import torch
from mmengine.dataset import pseudo_collate

from mmaction_vaerr.datasets.transforms.multi_view import MultiView
from mmaction_vaerr.datasets.transforms.pack_selfsup import PackSelfSupInputs
from mmaction_vaerr.datasets.transforms.ssl_augment import (
    ClipBrightnessContrast, ClipGaussianBlur, ClipRandomResizedCrop,
    ClipSolarize)
from mmaction_vaerr.models.selfsup import VideoSelfSupDataPreprocessor


def clip(t=4, size=24, seed=0):
    """Frames with a different random texture each, (H, W, 1) uint8."""
    rng = np.random.default_rng(seed)
    return [rng.integers(0, 256, (size, size, 1), dtype=np.uint8)
            for _ in range(t)]


def results(**kw):
    return dict(imgs=clip(**kw), filename='x.mp4', video_id='s00/v00',
                modality='RGB')


def test_crop_same_box_for_every_frame():
    random.seed(0)
    crop = ClipRandomResizedCrop(size=12, scale=(0.2, 0.6))
    inp = results()
    out = crop(dict(inp, imgs=list(inp['imgs'])))
    x1, y1, x2, y2 = out['crop_bbox']
    area = (x2 - x1) * (y2 - y1) / 24 ** 2
    assert 0.15 <= area <= 0.65
    assert len(out['imgs']) == 4 and out['img_shape'] == (12, 12)
    for src, dst in zip(inp['imgs'], out['imgs']):
        assert dst.shape == (12, 12, 1) and dst.dtype == np.uint8
        expected = cv2.resize(src[y1:y2, x1:x2], (12, 12),
                              interpolation=cv2.INTER_CUBIC)
        assert np.array_equal(dst[..., 0], expected)


def test_crop_fallback_and_argument_checks():
    crop = ClipRandomResizedCrop(size=8, scale=(1.0, 1.0), ratio=(3.0, 4.0))
    box = crop.get_box(24, 24)   # a 3:1 box of the full area cannot fit
    assert (box[2] - box[0]) / (box[3] - box[1]) == pytest.approx(3.0)
    with pytest.raises(ValueError, match='scale'):
        ClipRandomResizedCrop(8, scale=(0.0, 1.0))
    with pytest.raises(ValueError, match='interpolation'):
        ClipRandomResizedCrop(8, interpolation='lanczos')


@pytest.mark.parametrize('transform', [
    ClipBrightnessContrast(brightness=0.5, contrast=0.5, p=1.0),
    ClipGaussianBlur(sigma=(0.5, 2.0), p=1.0),
    ClipSolarize(threshold=128, p=1.0),
    ClipRandomResizedCrop(size=10),
])
def test_one_draw_per_view(transform):
    """Identical input frames stay identical: the draw is per clip."""
    random.seed(1)
    frame = clip(t=1)[0]
    out = transform(dict(imgs=[frame.copy() for _ in range(5)]))
    assert all(np.array_equal(f, out['imgs'][0]) for f in out['imgs'])
    assert out['imgs'][0].ndim == 3 and out['imgs'][0].shape[2] == 1
    first = out['imgs'][0]
    assert first.shape != frame.shape or not np.array_equal(first, frame)


@pytest.mark.parametrize('transform', [
    ClipBrightnessContrast(p=0.0), ClipGaussianBlur(p=0.0),
    ClipSolarize(p=0.0)])
def test_probability_zero_is_identity(transform):
    inp = results()
    out = transform(dict(inp, imgs=list(inp['imgs'])))
    assert all(np.array_equal(a, b) for a, b in zip(inp['imgs'],
                                                   out['imgs']))


def test_solarize_and_brightness_values():
    img = np.array([[[0], [127], [128], [255]]], np.uint8)
    out = ClipSolarize(threshold=128, p=1.0)(dict(imgs=[img]))['imgs'][0]
    assert out[0, :, 0].tolist() == [0, 127, 127, 0]
    random.seed(3)
    jit = ClipBrightnessContrast(brightness=0.5, contrast=0.0, p=1.0)
    img = np.full((2, 2, 1), 100, np.uint8)
    out = jit(dict(imgs=[img, img]))['imgs']
    factor = out[0][0, 0, 0] / 100
    assert 0.5 <= factor <= 1.5 and np.all(out[0] == out[1])


def test_multi_view_counts_order_and_independence():
    random.seed(0)
    mv = MultiView(
        transforms=[[dict(type='ClipRandomResizedCrop', size=16)],
                    [dict(type='ClipRandomResizedCrop', size=8)]],
        num_views=[2, 3])
    inp = results()
    out = mv(inp)
    sizes = [v[0].shape[0] for v in out['views']]
    assert sizes == [16, 16, 8, 8, 8]
    assert all(len(v) == 4 for v in out['views'])
    assert not np.array_equal(out['views'][0][0], out['views'][1][0])
    assert out['imgs'][0].shape == (24, 24, 1)   # the source is untouched
    with pytest.raises(ValueError, match='num_views'):
        MultiView(transforms=[[], []], num_views=[1])
    with pytest.raises(TypeError, match='transform lists'):
        MultiView(transforms=[dict(type='ClipSolarize')])
    with pytest.raises(KeyError, match="no 'imgs'"):
        mv(dict(filename='x.mp4'))


def test_pack_collate_and_preprocess():
    mv = MultiView(transforms=[[dict(type='ClipRandomResizedCrop', size=16)],
                               [dict(type='ClipRandomResizedCrop', size=8)]],
                   num_views=[2, 1])
    pack = PackSelfSupInputs()
    samples = [pack(mv(results(seed=s))) for s in range(3)]
    inputs = samples[0]['inputs']
    assert [tuple(x.shape) for x in inputs] == [(1, 4, 16, 16)] * 2 + [
        (1, 4, 8, 8)]
    assert inputs[0].dtype == torch.uint8
    assert samples[0]['data_samples'].metainfo['video_id'] == 's00/v00'
    batch = pseudo_collate(samples)
    pre = VideoSelfSupDataPreprocessor()
    out = pre(batch, training=True)
    assert [tuple(x.shape) for x in out['inputs']] == [
        (3, 1, 4, 16, 16), (3, 1, 4, 16, 16), (3, 1, 4, 8, 8)]
    expected = (samples[1]['inputs'][2].float() - 0.421 * 255) / (0.165 * 255)
    torch.testing.assert_close(out['inputs'][2][1], expected)
    with pytest.raises(KeyError, match='MultiView'):
        pack(dict(imgs=clip(), filename='x.mp4'))
