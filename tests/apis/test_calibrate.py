"""Calibrating a trained model on its validation split: the checkpoint it
writes, what the calibrated model predicts and the API that loads it."""
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config

from mmaction_vaerr.apis import inference_va, init_model
from mmaction_vaerr.apis.calibrate import calibrate_checkpoint, predict_val
from mmaction_vaerr.checkpoint_io import load_local_checkpoint
from mmaction_vaerr.io import load_dump
from mmaction_vaerr.tools.analysis import calibrate_va


def test_calibrated_checkpoint(trained_bi, test_video, tmp_path, capsys):
    cfg, ckpt = trained_bi
    out = str(tmp_path / 'cal.pth')
    path = calibrate_va.main([cfg, ckpt, '--out', out,
                              '--work-dir', str(tmp_path / 'w1')])
    assert path == out and 'validation videos' in capsys.readouterr().out
    saved = load_local_checkpoint(out)              # loads without code
    meta = saved['meta']['va_calibration']
    scale = saved['state_dict']['cls_head.va_scale']
    shift = saved['state_dict']['cls_head.va_shift']
    assert scale.tolist() == pytest.approx(meta['scale'])
    assert meta['stats']['source'] == ckpt and saved['meta']['steps'] == 2
    # the calibrated model predicts the fitted map of the raw predictions
    raw = {s['video_id']: np.asarray(s['pred_va']) for s in
           load_dump(str(tmp_path / 'w1' / 'val_predictions.pkl'))}
    for s in predict_val(Config.fromfile(cfg), out, str(tmp_path / 'w2')):
        want = raw[s['video_id']] * scale.numpy() + shift.numpy()
        np.testing.assert_allclose(np.asarray(s['pred_va']), want,
                                   atol=2e-5)
    # the API applies it too
    plain = inference_va(init_model(cfg, ckpt, device='cpu'), test_video[0])
    model = init_model(cfg, out, device='cpu')
    torch.testing.assert_close(model.cls_head.va_scale, scale)
    assert model.va_calibration['scale'] == meta['scale']
    assert init_model(cfg, ckpt, device='cpu').va_calibration is None
    np.testing.assert_allclose(inference_va(model, test_video[0]).va,
                               plain.va * scale.numpy() + shift.numpy(),
                               atol=2e-5)
    # a second fit on the calibrated checkpoint composes with the first
    twice = str(tmp_path / 'twice.pth')
    calibrate_checkpoint(cfg, out, twice, str(tmp_path / 'w3'))
    meta2 = load_local_checkpoint(twice)['meta']['va_calibration']
    np.testing.assert_allclose(meta2['head_scale'],
                               np.asarray(meta2['scale']) * scale.numpy(),
                               rtol=1e-6)
    # an existing output is kept, before any work
    with pytest.raises(SystemExit):
        calibrate_va.main([cfg, ckpt, '--out', out])
    assert 'exists' in capsys.readouterr().err
    assert not osp.exists(osp.join(osp.dirname(ckpt), 'calibrate'))
