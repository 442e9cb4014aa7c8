"""VADataPreprocessor: the test-time centre crop, the same in the Runner,
the inference API, ONNX and int8 calibration."""
import os.path as osp

import numpy as np
import pytest
import torch

from mmaction.registry import MODELS
from mmaction.structures import ActionDataSample
from mmaction_vaerr.apis import init_model
from mmaction_vaerr.apis.windowing import FrameEncoder
from mmaction_vaerr.export import FrameModel
from mmaction_vaerr.models.data_preprocessors import centre_zoom

REPO = osp.dirname(osp.dirname(osp.dirname(osp.dirname(
    osp.abspath(__file__)))))
MAIN_JOB = osp.join(REPO, 'configs', 'vaerr',
                    'vaerr_r18-tapstem-gru_scratch_1xb32-autoprec-200it_'
                    'realface.py')


@pytest.mark.parametrize('side', [0.5, 0.75, 0.92])
def test_centre_zoom_of_a_ramp_is_the_centre_stretched(side):
    # bilinear resampling is exact on a linear ramp, so every output pixel
    # must hold the input coordinate it maps to
    w = 48
    x = torch.arange(w, dtype=torch.float32).repeat(3, w, 1)   # (3, H, W)
    out = centre_zoom(x, side)
    k = int(round(w * side))
    left = (w - k) // 2
    src = left + (torch.arange(w) + 0.5) * k / w - 0.5
    inner = (src >= left) & (src <= left + k - 1)
    assert out.shape == x.shape and inner.sum() > w * 0.8
    torch.testing.assert_close(out[0, 5][inner], src[inner].float())
    assert centre_zoom(x, None) is x and centre_zoom(x, 1) is x


def _batch(t=4, size=16):
    g = torch.Generator().manual_seed(0)
    clip = torch.randint(0, 256, (1, 1, t, size, size), generator=g,
                         dtype=torch.uint8)
    return dict(inputs=[clip], data_samples=[ActionDataSample()])


def test_the_crop_applies_to_evaluation_batches_only():
    dp = MODELS.build(dict(type='VADataPreprocessor', mean=[100.0],
                           std=[50.0], format_shape='NCTHW', test_crop=0.75))
    ref = MODELS.build(dict(type='ActionDataPreprocessor', mean=[100.0],
                            std=[50.0], format_shape='NCTHW'))
    train = dp(_batch(), training=True)['inputs']
    test = dp(_batch(), training=False)['inputs']
    plain = ref(_batch(), training=False)['inputs']
    torch.testing.assert_close(train, plain)
    torch.testing.assert_close(test, centre_zoom(plain, 0.75))
    assert not torch.allclose(test, plain)
    with pytest.raises(ValueError, match='test_crop'):
        MODELS.build(dict(type='VADataPreprocessor', test_crop=1.5))


def test_api_onnx_and_runner_see_the_same_input():
    torch.manual_seed(0)
    model = init_model(MAIN_JOB)
    model.init_weights()
    model.eval()
    dp = model.data_preprocessor
    assert dp.test_crop == pytest.approx(0.92)
    batch = _batch(t=6, size=96)
    runner_in = dp(batch, training=False)['inputs'].reshape(1, 1, 6, 96, 96)
    frames = batch['inputs'][0][0, 0].numpy()                 # T H W uint8
    api_in = FrameEncoder(model).normalise(frames)
    torch.testing.assert_close(api_in, runner_in[0, 0])      # (T, H, W)
    with torch.no_grad():
        onnx_feats = FrameModel(model)(torch.from_numpy(
            frames.astype(np.float32))[None, None])
        ref = model.cls_head.frame_features(model.backbone(runner_in), 6)
    torch.testing.assert_close(onnx_feats, ref, rtol=1e-4, atol=1e-4)
