"""Checkpoints load without running code from them (mmaction_vaerr.checkpoint_io).

Every load path of mmengine (``_load_checkpoint``: ``load_from``,
``--resume``, ``Pretrained`` init, ``init_model``) goes through the
``weights_only`` loader with the allow-list of mmengine checkpoints.
"""
import os
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.logging import HistoryBuffer
from mmengine.runner import Runner
from mmengine.runner import checkpoint as mm_ckpt
from mmengine.runner.checkpoint import _load_checkpoint

from mmaction.registry import MODELS
from mmaction_vaerr.apis import init_model
from mmaction_vaerr.checkpoint_io import (UNSAFE_LOAD_ENV,
                                          CorruptCheckpointError,
                                          UnsafeCheckpointError,
                                          readable_checkpoint)
from mmaction_vaerr.models.backbones import load_backbone_weights

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
DOWN = osp.join(REPO, 'configs', 'vaerr',
                'vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py')
BYOL = osp.join(REPO, 'configs', 'selfsup',
                'byol_r18-stem3d_1xb8-5e_synthetic.py')


class _MakeDirs:
    """Unpickling this calls ``os.makedirs(marker)``: a stand-in attack."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.makedirs, (self.marker,)


class _HistoryBufferInit:
    """``getattr(HistoryBuffer, '__init__')``: getattr beyond statistics."""

    def __reduce__(self):
        return getattr, (HistoryBuffer, '__init__')


def write_malicious(path, marker, state=None):
    """A checkpoint with real weights whose unpickling creates ``marker``."""
    torch.save(dict(state_dict=state or {'w': torch.ones(2)},
                    meta=dict(x=_MakeDirs(str(marker)))), str(path))
    return str(path)


def test_malicious_checkpoint_is_refused_on_every_api_path(tmp_path):
    marker = tmp_path / 'pwned'
    backbone = MODELS.build(dict(type='ResNet18Stem3D'))
    state = {f'backbone.{k}': v for k, v in backbone.state_dict().items()}
    path = write_malicious(tmp_path / 'evil.pth', marker, state)
    loads = [
        lambda: _load_checkpoint(path, map_location='cpu'),
        lambda: load_backbone_weights(backbone, path, 'backbone.'),
        lambda: init_model(DOWN, path),
    ]
    for load in loads:
        with pytest.raises(UnsafeCheckpointError) as e:
            load()
        msg = str(e.value)
        assert msg.startswith(f'{path}: refused to load')
        assert 'os.makedirs' in msg and UNSAFE_LOAD_ENV in msg
        assert e.value.filename == path
    assert not marker.exists()
    # getattr is allowed for HistoryBuffer's statistics methods only
    torch.save({'f': _HistoryBufferInit()}, str(tmp_path / 'getattr.pth'))
    with pytest.raises(UnsafeCheckpointError, match='is not allowed'):
        _load_checkpoint(str(tmp_path / 'getattr.pth'))


def test_url_loader_is_safe(tmp_path):
    marker = tmp_path / 'pwned'
    path = write_malicious(tmp_path / 'evil.pth', marker)
    # mmengine's http(s):// loader; torch.hub also fetches file:// URLs
    with pytest.raises(UnsafeCheckpointError, match='refused to load'):
        mm_ckpt.load_url(f'file://{path}', model_dir=str(tmp_path / 'hub'))
    assert not marker.exists()


def test_unsafe_opt_in_unpickles_in_full(tmp_path, monkeypatch):
    marker = tmp_path / 'pwned'
    path = write_malicious(tmp_path / 'evil.pth', marker)
    monkeypatch.setenv(UNSAFE_LOAD_ENV, '1')
    with pytest.warns(UserWarning, match='code in the file runs'):
        ckpt = _load_checkpoint(path)
    assert marker.is_dir() and torch.equal(ckpt['state_dict']['w'],
                                           torch.ones(2))


def test_numpy_objects_load(tmp_path):
    obj = dict(a=np.float32(1.5), b=np.int64(3), c=np.arange(3),
               d=np.zeros(2, bool), e=np.dtype('f4'), f=np.array(['x']),
               g=np.zeros(2, dtype=[('x', 'f4')]), h=np.bool_(True))
    torch.save(obj, str(tmp_path / 'np.pth'))
    out = _load_checkpoint(str(tmp_path / 'np.pth'))
    for k, v in obj.items():
        assert type(out[k]) is type(v)
        np.testing.assert_array_equal(out[k], v) if k != 'e' \
            else out[k] == v


def _truncations(path):
    data = open(path, 'rb').read()
    return dict(half=data[:len(data) // 2], tail=data[:-7], empty=b'',
                head=data[:100], text=b'not a checkpoint\n')


def test_truncated_or_foreign_files_get_a_named_error(tmp_path):
    good = str(tmp_path / 'good.pth')
    torch.save(dict(state_dict={'w': torch.ones(3)}), good)
    assert readable_checkpoint(good) is None
    for name, data in _truncations(good).items():
        path = str(tmp_path / f'{name}.pth')
        with open(path, 'wb') as f:
            f.write(data)
        assert readable_checkpoint(path) is not None, name
        with pytest.raises(CorruptCheckpointError) as e:
            _load_checkpoint(path)
        assert str(e.value).startswith(
            f'{path}: truncated or not a checkpoint ('), name
        # init_model: the same error, without a guess about the GRU
        with pytest.raises(CorruptCheckpointError) as e:
            init_model(DOWN, path)
        assert 'bidirectional' not in str(e.value)


def _tiny_runner(cfg_path, data_root, work_dir, **kwargs):
    cfg = Config.fromfile(cfg_path)
    cfg.work_dir = work_dir
    cfg.train_cfg.max_epochs = 1
    cfg.train_cfg.val_interval = 1
    cfg.default_hooks.checkpoint.interval = 1
    cfg.default_hooks.logger = dict(type='LoggerHook', interval=1)
    cfg.visualizer.vis_backends = [dict(type='LocalVisBackend')]
    cfg.custom_hooks = [h for h in cfg.get('custom_hooks', [])
                        if h.type != 'VATrajectoryVisHook']
    cfg.custom_hooks.append(dict(type='EMAHook'))
    for split in ('train', 'val', 'test'):
        loader = cfg.get(f'{split}_dataloader')
        if loader is None:
            continue
        loader.dataset.data_root = data_root
        loader.num_workers, loader.persistent_workers = 0, False
        for t in loader.dataset.get('pipeline', []):
            if t.get('clip_len'):
                t['clip_len'] = 8
            for view in (t['transforms'] if t['type'] == 'MultiView'
                         else []):   # BYOL: small crops
                for s in view:
                    if s['type'] == 'ClipRandomResizedCrop':
                        s['size'] = 32
    cfg.train_dataloader.batch_size = 4
    cfg.merge_from_dict(kwargs)
    return Runner.from_cfg(cfg)


@pytest.mark.parametrize('cfg_path', [DOWN, BYOL], ids=['vaerr', 'byol'])
def test_real_checkpoints_resume_under_the_allow_list(cfg_path, tiny_synthetic,
                                                      tmp_path):
    """Real runs (message hub, numpy logs, AdamW, schedulers, EMA) save
    checkpoints that load, resume and ``load_from`` with the allow-list."""
    work = str(tmp_path / 'work')
    _tiny_runner(cfg_path, tiny_synthetic, work).train()
    ckpt_path = osp.join(work, 'epoch_1.pth')
    ckpt = _load_checkpoint(ckpt_path)
    assert {'state_dict', 'message_hub', 'optimizer',
            'param_schedulers', 'ema_state_dict'} <= set(ckpt)
    assert isinstance(ckpt['message_hub']['log_scalars']['train/loss'],
                      HistoryBuffer)
    runner = _tiny_runner(cfg_path, tiny_synthetic, work, resume=True)
    runner.train()  # resumes at the end of epoch 1: nothing left to run
    assert runner.iter == ckpt['meta']['iter'] and runner.epoch == 1
    hub = runner.message_hub.get_scalar('train/loss')
    assert hub.current() == pytest.approx(
        ckpt['message_hub']['log_scalars']['train/loss'].current())
    loaded = _tiny_runner(cfg_path, tiny_synthetic, str(tmp_path / 'ft'),
                          load_from=ckpt_path)
    loaded.call_hook('before_run')  # EMAHook builds its copy here
    loaded.load_or_resume()
    for k, v in loaded.model.state_dict().items():
        torch.testing.assert_close(v, ckpt['state_dict'][k])
