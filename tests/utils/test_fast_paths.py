"""Each fast path gives the fp32 predictions on the same inputs (within a
stated tolerance): channels-last and the 2D-op stem to float rounding, bf16
autocast to max |diff| < 0.05 and CCC(bf16, fp32) > 0.99 per dimension,
torch.compile to 1e-4."""
import copy
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.optim import OptimWrapper, build_optim_wrapper

from mmaction.registry import MODELS
from mmaction.structures import ActionDataSample
from mmaction_vaerr.dataprep.synthetic import synthesize_clip
from mmaction_vaerr.evaluation.functional import ccc
from mmaction_vaerr.models.backbones import ResNet18Stem3D
from mmaction_vaerr.apis.fast_paths import apply_fast_paths
from mmaction_vaerr.engine.hooks import TorchThreadsHook
from mmaction_vaerr.engine.optimizers import AutocastOptimWrapper
from mmaction_vaerr.models.backbones import (ResNet18TapStem, TapStem2d,
                                             use_tap_stem)
from mmaction_vaerr.utils import (autocast_context, compile_module,
                                  to_channels_last)

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIG = osp.join(REPO, 'configs', 'vaerr',
                  'vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py')
FAST_CONFIG = osp.join(
    REPO, 'configs', 'vaerr', 'fast',
    'vaerr_r18-tapstem-gru_scratch_1xb4-20e-autoprec-cache_synthetic.py')
T = 16
SIZE = 64   # the model is fully convolutional; small frames keep it fast


@pytest.fixture(scope='module')
def data():
    """Two synthetic face clips (2 subjects) packed like the pipeline."""
    inputs, samples = [], []
    for subject in (0, 1):
        clip = synthesize_clip(5, subject, 0, T, size=SIZE,
                               with_audio=False)
        inputs.append(torch.from_numpy(clip.frames)[None, None])
        ds = ActionDataSample()
        ds.gt_va = torch.from_numpy(clip.va.astype(np.float32))
        ds.frame_mask = torch.ones(T, dtype=torch.bool)
        ds.set_metainfo(dict(clip_len=T))
        samples.append(ds)
    return dict(inputs=inputs, data_samples=samples)


@pytest.fixture(scope='module')
def model():
    torch.manual_seed(0)
    m = MODELS.build(Config.fromfile(CONFIG).model)
    for mod in m.modules():     # non-trivial BN statistics
        if isinstance(mod, torch.nn.modules.batchnorm._BatchNorm):
            mod.running_mean.uniform_(-0.1, 0.1)
            mod.running_var.uniform_(0.5, 1.5)
    return m.eval()


@pytest.fixture(scope='module')
def ref(model, data):
    """fp32 predictions (N, T, 2)."""
    return predict(model, data)


def predict(model, data, bf16=False):
    with torch.no_grad(), autocast_context(model, bf16):
        out = model.test_step(copy.deepcopy(data))
    return torch.stack([ds.pred_va for ds in out]).float()


def test_channels_last_is_exact(model, data, ref):
    fast = predict(to_channels_last(copy.deepcopy(model)), data)
    torch.testing.assert_close(fast, ref, atol=1e-5, rtol=1e-4)


@pytest.mark.parametrize('channels_last', [False, True])
def test_tap_stem_is_exact(model, data, ref, channels_last):
    fast = copy.deepcopy(model)
    use_tap_stem(fast)
    if channels_last:
        to_channels_last(fast)
    assert isinstance(fast.backbone.stem, TapStem2d)
    assert fast.state_dict().keys() == model.state_dict().keys()
    torch.testing.assert_close(predict(fast, data), ref, atol=1e-5,
                               rtol=1e-4)


def test_apply_fast_paths_keeps_predictions(model, data, ref):
    fast = apply_fast_paths(copy.deepcopy(model), channels_last=True,
                            tap_stem=True)
    assert isinstance(fast.backbone.stem, TapStem2d)
    assert fast.backbone.channels_last and fast.backbone.stem.channels_last
    torch.testing.assert_close(predict(fast, data), ref, atol=1e-5,
                               rtol=1e-4)
    with pytest.raises(ValueError, match='no ResNet18Stem3D'):
        use_tap_stem(torch.nn.Linear(2, 2))


@pytest.mark.parametrize('kwargs', [dict(act='prelu'), dict(in_channels=3)])
def test_tap_stem_train_mode_matches_conv3d(kwargs):
    torch.manual_seed(1)
    ref = ResNet18Stem3D(**kwargs).stem.train()
    fast = TapStem2d(copy.deepcopy(ref), channels_last=True).train()
    x = torch.randn(2, ref[0].in_channels, 7, 32, 32)
    y_ref, y_fast = ref(x), fast(x)
    assert y_fast.shape == y_ref.shape
    torch.testing.assert_close(y_fast, y_ref, atol=1e-4, rtol=1e-4)
    (y_ref * y_ref.detach()).mean().backward()
    (y_fast * y_ref.detach()).mean().backward()
    torch.testing.assert_close(fast[0].weight.grad, ref[0].weight.grad,
                               atol=1e-6, rtol=1e-3)
    torch.testing.assert_close(fast[1].running_var, ref[1].running_var)
    assert fast[1].num_batches_tracked == ref[1].num_batches_tracked == 1


def test_tap_stem_backbone_loads_conv3d_checkpoints():
    torch.manual_seed(2)
    ref = ResNet18Stem3D(out_format='nct').eval()
    fast = MODELS.build(dict(type='ResNet18TapStem', out_format='nct'))
    assert isinstance(fast, ResNet18TapStem)
    fast.load_state_dict(ref.state_dict(), strict=True)
    x = torch.randn(1, 1, 5, 96, 96)
    with torch.no_grad():
        torch.testing.assert_close(fast.eval()(x), ref(x), atol=1e-5,
                                   rtol=1e-4)


def test_tap_stem_rejects_a_temporal_stride():
    stem = ResNet18Stem3D().stem
    stem[0].stride = (2, 2, 2)
    with pytest.raises(ValueError, match='temporal stride 1'):
        TapStem2d(stem)


@pytest.mark.parametrize('fast_model', ['bf16', 'bf16+cl+tapstem'])
def test_bf16_predictions_within_tolerance(model, data, ref, fast_model):
    fast = copy.deepcopy(model)
    if fast_model != 'bf16':
        to_channels_last(use_tap_stem(fast))
    pred = predict(fast, data, bf16=True)
    assert pred.dtype == torch.float32
    assert (pred - ref).abs().max() < 0.05
    for d in range(2):
        assert ccc(pred[..., d].flatten().numpy(),
                   ref[..., d].flatten().numpy()) > 0.99


def test_autocast_context():
    with autocast_context('cpu'):
        assert torch.is_autocast_enabled('cpu')
        assert torch.get_autocast_dtype('cpu') == torch.bfloat16
    with autocast_context('cpu', enabled=False):
        assert not torch.is_autocast_enabled('cpu')
    with pytest.raises(ValueError, match='bfloat16 only'):
        autocast_context('cpu', dtype='float16')


def test_autocast_optim_wrapper_trains_fp32_params_in_bf16(model, data):
    # one 8-frame 32x32 crop of a clip keeps the two train steps short
    ds = copy.deepcopy(data['data_samples'][0])
    ds.gt_va, ds.frame_mask = ds.gt_va[:8], ds.frame_mask[:8]
    ds.set_metainfo(dict(clip_len=8))
    data = dict(inputs=[data['inputs'][0][:, :, :8, 16:48, 16:48]],
                data_samples=[ds])
    fp32, bf16 = copy.deepcopy(model).train(), copy.deepcopy(model).train()
    w32 = OptimWrapper(torch.optim.SGD(fp32.parameters(), lr=0.1))
    w16 = AutocastOptimWrapper(
        precision='bf16', optimizer=torch.optim.SGD(bf16.parameters(), lr=0.1))
    with w16.optim_context(bf16):
        assert torch.get_autocast_dtype('cpu') == torch.bfloat16
        assert torch.is_autocast_enabled('cpu')
    before = bf16.cls_head.fc_reg.weight.detach().clone()
    l32 = fp32.train_step(copy.deepcopy(data), w32)
    l16 = bf16.train_step(copy.deepcopy(data), w16)
    assert all(p.dtype == torch.float32 for p in bf16.parameters())
    assert not torch.equal(bf16.cls_head.fc_reg.weight, before)
    assert abs(l16['loss'].item() - l32['loss'].item()) < \
        0.02 * abs(l32['loss'].item())


def test_compile_matches_eager():
    torch.manual_seed(3)
    stem = TapStem2d(ResNet18Stem3D().stem, channels_last=True).eval()
    x = torch.randn(1, 1, 6, 32, 32)
    with torch.no_grad():
        ref = stem(x)
        compiled = compile_module(copy.deepcopy(stem))
        torch.testing.assert_close(compiled(x), ref, atol=1e-4, rtol=1e-4)
    torch._dynamo.reset()


def test_torch_threads_hook():
    before = torch.get_num_threads()

    class Runner:
        class logger:
            info = staticmethod(lambda msg: None)
    try:
        TorchThreadsHook(num_threads=1).before_run(Runner)
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)
    with pytest.raises(ValueError):
        TorchThreadsHook(num_threads=0)


def test_fast_config_builds_fast_model_and_optim_wrapper():
    cfg = Config.fromfile(FAST_CONFIG)
    m = MODELS.build(cfg.model)
    assert isinstance(m.backbone, ResNet18TapStem)
    assert m.backbone.channels_last
    wrapper = build_optim_wrapper(m, cfg.optim_wrapper)
    assert isinstance(wrapper, AutocastOptimWrapper)
    assert wrapper.cast_dtype == torch.bfloat16
    # bf16 where the hardware runs it natively, chosen at run time (issue
    # #11: a hard-wired bf16 was a 20x slow path on AVX2-only CPUs)
    assert wrapper.precision == 'auto'
    assert (cfg.val_cfg.type, cfg.val_cfg.precision) == ('PrecisionValLoop',
                                                         'auto')
    assert (cfg.test_cfg.type, cfg.test_cfg.precision) == (
        'PrecisionTestLoop', 'auto')
    types = [t['type'] for t in cfg.train_dataloader.dataset.pipeline]
    assert types[:3] == ['GrayCacheInit', 'SampleVASegment',
                         'GrayCacheDecode']
