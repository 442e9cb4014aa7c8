"""int8 trunk: calibrated on training clips, close to fp32, reloads exactly,
refuses other weights, and streams like the offline pass."""
import json
import os.path as osp

import numpy as np
import pytest
import torch

from mmaction_vaerr.apis import init_model, inference_va
from mmaction_vaerr.apis.streaming import StreamingVAPredictor
from mmaction_vaerr.evaluation.functional import ccc
from mmaction_vaerr.export.calibration import calibration_clips
from mmaction_vaerr.export.int8 import (KEEP_FP32, Int8Trunk, TapTrunk,
                                        quantize_int8, stack_taps)
from mmaction_vaerr.io import iter_frames

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
UNI = osp.join(REPO, 'configs', 'vaerr',
               'vaerr_r18-stem3d-unigru_scratch_1xb4-20e_synthetic.py')


def _model(seed=0):
    torch.manual_seed(seed)
    model = init_model(UNI)
    model.init_weights()
    return model.eval()


@pytest.fixture(scope='module')
def calibrated(tiny_synthetic, tmp_path_factory):
    model = _model()
    out = str(tmp_path_factory.mktemp('int8'))
    clips = calibration_clips(UNI, tiny_synthetic, max_videos=4,
                              frames_per_video=24)
    # 7-bit weights, the ones exact on every x86 CPU (auto picks 8 where
    # VNNI/AMX exist: test_weight_bits_follow_the_cpu)
    quantize_int8(model, clips, out, source='tiny synthetic train split',
                  full_range=False)
    return model, out


def _test_video(root):
    with open(osp.join(root, 'splits', 'test.txt')) as f:
        vid = f.read().split()[0]
    return osp.join(root, 'videos', vid + '.mp4')


def test_tap_trunk_is_the_backbone(calibrated):
    model, _ = calibrated
    x = torch.randn(1, 1, 7, 96, 96)
    with torch.no_grad():
        ref = model.backbone(x).mean(dim=(3, 4))[0].T      # (T, C)
        taps = torch.from_numpy(stack_taps(x[0, 0].numpy(), 5))
        out = TapTrunk(model.backbone)(taps)
    torch.testing.assert_close(out, ref, rtol=1e-4, atol=1e-4)


def test_int8_predictions_agree_with_fp32(calibrated, tiny_synthetic):
    model, out = calibrated
    meta = json.load(open(osp.join(out, 'int8.json')))
    assert meta['calibration']['frames'] == 4 * 24
    assert meta['calibration']['source'] == 'tiny synthetic train split'
    model.int8_trunk = Int8Trunk(out, model)
    video = _test_video(tiny_synthetic)
    fp32 = inference_va(model, video, precision='fp32', window=None)
    int8 = inference_va(model, video, precision='int8', window=None)
    assert int8.info['precision'] == 'int8'
    assert np.isfinite(int8.va).all() and len(int8) == len(fp32)
    assert not np.array_equal(int8.va, fp32.va)     # int8 really ran
    for d in range(2):
        assert ccc(int8.va[:, d], fp32.va[:, d]) > 0.99
    assert np.abs(int8.va - fp32.va).max() < 0.05


def test_saved_int8_model_reloads_to_identical_outputs(calibrated,
                                                       tiny_synthetic):
    model, out = calibrated
    frames = np.stack(list(iter_frames(_test_video(tiny_synthetic), 'gray')))
    x = (frames.astype(np.float32) - 0.421 * 255) / (0.165 * 255)
    a = Int8Trunk(out, model).frames(x)
    b = Int8Trunk(out).frames(x)
    assert a.shape == (len(frames), 512)
    np.testing.assert_array_equal(a, b)


def test_int8_workers_do_not_spin_unless_asked(calibrated):
    # spinning ONNX Runtime workers take the cores from the PyTorch head
    # that runs next (docs/benchmark.md); spinning changes no result
    model, out = calibrated
    key = 'session.intra_op.allow_spinning'
    quiet, spin = Int8Trunk(out, model), Int8Trunk(out, model, spin=True)
    assert quiet.session.get_session_options() \
        .get_session_config_entry(key) == '0'
    assert spin.session.get_session_options() \
        .get_session_config_entry(key) == '1'
    x = np.random.default_rng(0).standard_normal((9, 96, 96), np.float32)
    np.testing.assert_array_equal(quiet.frames(x), spin.frames(x))


def test_int8_streams_like_the_offline_pass(calibrated, tiny_synthetic):
    model, out = calibrated
    model.int8_trunk = Int8Trunk(out, model)
    video = _test_video(tiny_synthetic)
    offline = inference_va(model, video, precision='int8', chunk=16)
    frames = list(iter_frames(video, 'gray'))
    stream = StreamingVAPredictor(model, precision='int8')
    preds = []
    for f in frames:
        preds += stream.push(f)
    preds += stream.flush()
    online = np.array([[p.arousal, p.valence] for p in preds])
    np.testing.assert_allclose(online, offline.va, atol=2e-3)


def test_other_weights_missing_folder_and_overwrite_are_refused(
        calibrated, tmp_path):
    model, out = calibrated
    with pytest.raises(ValueError, match='calibrated for other weights'):
        Int8Trunk(out, _model(seed=1))
    with pytest.raises(FileNotFoundError, match='not a calibrated int8'):
        Int8Trunk(str(tmp_path))
    with pytest.raises(FileExistsError, match='overwrite'):
        quantize_int8(model, [np.zeros((8, 96, 96), np.uint8)], out)


def test_int8_without_a_trunk_says_how_to_make_one(tiny_synthetic):
    model = _model()
    with pytest.raises(ValueError, match='quantize_int8.py'):
        inference_va(model, _test_video(tiny_synthetic), precision='int8')


def _int8_weights(out):
    import onnx
    from onnx import numpy_helper
    graph = onnx.load(osp.join(out, 'trunk_int8.onnx')).graph
    return [numpy_helper.to_array(t) for t in graph.initializer
            if t.data_type == onnx.TensorProto.INT8 and len(t.dims) == 4]


def test_7_bit_weights_keep_int16_pair_sums_from_saturating(
        calibrated):
    # uint8 x int8 pair sums in int16 (vpmaddubsw, x86 without VNNI) stay
    # exact only if |w| <= 64: 255 * 64 * 2 = 32640 <= 32767
    _, out = calibrated
    weights = _int8_weights(out)
    # 20 convolutions, of which the default KEEP_FP32 (stem, layer1) keeps 5
    assert KEEP_FP32 == ('stem', 'layer1') and len(weights) == 15
    assert max(int(np.abs(w.astype(np.int32)).max()) for w in weights) <= 64
    assert json.load(open(osp.join(out, 'int8.json')))['weight_bits'] == 7


def test_full_range_model_warns_on_a_cpu_without_int8_dot_products(
        calibrated, tmp_path, monkeypatch):
    import mmaction_vaerr.export.int8_runtime as int8_mod
    model, _ = calibrated
    out = str(tmp_path / 'full')
    quantize_int8(model, [np.full((12, 96, 96), 100, np.uint8)], out,
                  full_range=True)
    assert max(int(np.abs(w.astype(np.int32)).max())
               for w in _int8_weights(out)) > 64
    logged = []
    monkeypatch.setattr(int8_mod, 'print_log',
                        lambda msg, **kw: logged.append(msg))
    monkeypatch.setattr(int8_mod, 'native_int8_claimed', lambda: False)
    Int8Trunk(out, model)
    assert any('8-bit weights on a CPU without int8' in m for m in logged)
    logged.clear()
    monkeypatch.setattr(int8_mod, 'native_int8_claimed', lambda: True)
    Int8Trunk(out, model)
    assert logged == []


@pytest.mark.parametrize('vnni', [True, False])
def test_weight_bits_follow_the_cpu(calibrated, tmp_path, monkeypatch,
                                    vnni):
    # auto: 8-bit weights where int8 dot products make full-range sums
    # exact (VNNI / AMX), 7-bit elsewhere; the choice is logged and kept
    import mmaction_vaerr.export.int8_choices as int8_mod
    model, _ = calibrated
    logged = []
    monkeypatch.setattr(int8_mod, 'native_int8_claimed', lambda: vnni)
    monkeypatch.setattr(int8_mod, 'print_log',
                        lambda msg, **kw: logged.append(msg))
    out = str(tmp_path / 'auto')
    quantize_int8(model, [np.full((12, 96, 96), 100, np.uint8)], out)
    meta = json.load(open(osp.join(out, 'int8.json')))
    assert meta['weight_bits'] == (8 if vnni else 7)
    top = max(int(np.abs(w.astype(np.int32)).max())
              for w in _int8_weights(out))
    assert (top > 64) == vnni
    word = 'int8 dot products' if vnni else 'no int8 dot products'
    assert meta['weight_bits_reason'].startswith(f'auto: {word}')
    assert any(f'int8 weights: {meta["weight_bits"]} bits (auto: {word}'
               in m for m in logged)


def test_quantize_tool_weight_bits_options():
    from mmaction_vaerr.tools.deployment import quantize_int8 as tool
    base = ['cfg.py', 'ckpt.pth', '--out', 'o']
    assert tool.parse_args(base).full_range is None
    assert tool.parse_args(base + ['--weight-bits', '7']).full_range is False
    assert tool.parse_args(base + ['--weight-bits', '8']).full_range is True
    assert tool.parse_args(base + ['--full-range']).full_range is True
    with pytest.raises(SystemExit):
        tool.parse_args(base + ['--full-range', '--weight-bits', '7'])
    assert tool.parse_args(base).keep_fp32 is None      # the library's
    assert tool.parse_args(base + ['--keep-fp32', 'none']).keep_fp32 == ()
    assert tool.parse_args(base + ['--keep-fp32', 'stem, layer2.1']) \
        .keep_fp32 == ('stem', 'layer2.1')


def test_keep_fp32_leaves_the_named_parts_unquantised(calibrated, tmp_path):
    model, _ = calibrated
    clips = [np.random.default_rng(0).integers(0, 255, (12, 96, 96),
                                               np.uint8)]
    every = ('stem', 'layer1', 'layer2', 'layer3', 'layer4')
    out = quantize_int8(model, clips, str(tmp_path / 'all'),
                        keep_fp32=every, full_range=False)
    assert _int8_weights(out) == []         # nothing left to quantise ...
    x = np.random.default_rng(1).standard_normal((7, 96, 96), np.float32)
    taps = stack_taps(x, 5)
    with torch.no_grad():
        ref = TapTrunk(model.backbone)(torch.from_numpy(taps)).numpy()
    np.testing.assert_allclose(Int8Trunk(out, model)(taps), ref,
                               rtol=1e-4, atol=1e-4)   # ... so it is fp32
    none = quantize_int8(model, clips, str(tmp_path / 'none'), keep_fp32=(),
                         full_range=False)
    block = quantize_int8(model, clips, str(tmp_path / 'block'),
                          keep_fp32=('layer2.1', ), full_range=False)
    assert len(_int8_weights(none)) == 20
    assert len(_int8_weights(block)) == 18      # its conv1 and conv2
    meta = json.load(open(osp.join(block, 'int8.json')))
    assert meta['keep_fp32'] == ['layer2.1'] and meta['fp32_nodes'] == 5
    with pytest.raises(ValueError, match=r"'layer5'.*valid: layer1, "
                       r'layer1\.0, layer1\.1, layer2'):
        quantize_int8(model, clips, str(tmp_path / 'bad'),
                      keep_fp32=('layer5', ))
    with pytest.raises(ValueError, match="'layer1.0.conv1' is not a part"):
        quantize_int8(model, clips, str(tmp_path / 'bad'),
                      keep_fp32=('layer1.0.conv1', ))
    assert not osp.exists(tmp_path / 'bad')     # refused before writing


def test_a_test_crop_model_is_calibrated_and_run_on_framed_inputs(
        tiny_synthetic, tmp_path):
    # the calibration sees the model's test inputs (normalised, then the
    # data preprocessor's centre crop), and int8 inference goes through
    # the same framing as fp32 (FrameEncoder.normalise)
    from mmaction.registry import MODELS
    model = _model()
    dp = model.data_preprocessor
    model.data_preprocessor = MODELS.build(dict(
        type='VADataPreprocessor', mean=dp.mean.flatten().tolist(),
        std=dp.std.flatten().tolist(), format_shape='NCTHW', test_crop=0.8))
    clips = calibration_clips(UNI, tiny_synthetic, max_videos=2,
                              frames_per_video=16)
    out = quantize_int8(model, clips, str(tmp_path / 'int8'))
    assert json.load(open(osp.join(out, 'int8.json')))['test_crop'] == 0.8
    model.int8_trunk = Int8Trunk(out, model)
    video = _test_video(tiny_synthetic)
    fp32 = inference_va(model, video, precision='fp32', window=None)
    int8 = inference_va(model, video, precision='int8', window=None)
    for d in range(2):
        assert ccc(int8.va[:, d], fp32.va[:, d]) > 0.99
    model.data_preprocessor.test_crop = None      # the crop changes outputs
    plain = inference_va(model, video, precision='fp32', window=None)
    assert np.abs(plain.va - fp32.va).max() > 1e-3
