"""ONNX graphs match PyTorch to 1e-4 (onnxruntime), with dynamic length."""
import os.path as osp

import torch

from mmaction_vaerr.apis import init_model
from mmaction_vaerr.export import (FrameModel, check_onnx, export_onnx,
                                   initial_state)
from mmaction_vaerr.tools.deployment import export_onnx as tool

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CFG = osp.join(REPO, 'configs', 'vaerr', '{}_scratch_1xb4-20e_synthetic.py')


def _model(arch):
    torch.manual_seed(0)
    model = init_model(CFG.format(arch))
    model.init_weights()
    return model.eval()


def test_onnx_matches_pytorch(tmp_path):
    """Unidirectional model, also with a carried state (streaming)."""
    model = _model('vaerr_r18-stem3d-unigru')
    paths = export_onnx(model, str(tmp_path), num_frames=6)
    same = check_onnx(model, paths, num_frames=6)
    other = check_onnx(model, paths, num_frames=9,
                       h0=torch.randn_like(initial_state(model)))
    for diffs in (same, other):
        assert set(diffs) == {'features', 'reg', 'prob', 'hn'}
        assert max(diffs.values()) < 1e-4, diffs
    # the check is not vacuous: features vary from frame to frame
    with torch.no_grad():
        feats = FrameModel(model)(torch.rand(1, 1, 6, 96, 96) * 255)
    assert feats.shape == (1, 6, 512) and feats.std() > 1e-3


def test_export_tool(tmp_path, capsys):
    """Bidirectional model through the CLI; ``--check`` fails (exit 1)
    above ``--atol`` 1e-4."""
    model = _model('vaerr_r18-stem3d-gru')
    ckpt = str(tmp_path / 'm.pth')
    torch.save(dict(state_dict=model.state_dict()), ckpt)
    out = str(tmp_path / 'onnx')
    assert tool.main([CFG.format('vaerr_r18-stem3d-gru'), ckpt, '--out-dir',
                      out, '--num-frames', '4', '--check']) == 0
    text = capsys.readouterr().out
    assert 'max |onnxruntime - pytorch|: features' in text
    assert osp.isfile(osp.join(out, 'frames.onnx'))
    assert osp.isfile(osp.join(out, 'temporal.onnx'))


def test_onnx_carries_the_output_calibration(tmp_path):
    model = _model('vaerr_r18-stem3d-unigru')
    model.cls_head.set_calibration([0.5, 2.0], [0.2, -0.1])
    paths = export_onnx(model, str(tmp_path), num_frames=6)
    assert check_onnx(model, paths, num_frames=6)['reg'] < 1e-4
    model.cls_head.set_calibration([1.0, 1.0], [0.0, 0.0])
    assert check_onnx(model, paths, num_frames=6)['reg'] > 1e-2
