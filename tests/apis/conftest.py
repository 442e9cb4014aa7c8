"""Models trained briefly on the tiny synthetic set, saved as config +
checkpoint and loaded back through the public API (``init_model``)."""
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.optim import build_optim_wrapper

from mmaction.registry import DATASETS, MODELS

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIGS = osp.join(REPO, 'configs', 'vaerr')
BI = 'vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py'
UNI = 'vaerr_r18-stem3d-unigru_scratch_1xb4-20e_synthetic.py'


def train_tiny(cfg_name: str, data_root: str, out_dir: str, steps: int = 2,
               clip_len: int = 12, batch: int = 2):
    """A few optimiser steps of the real config; returns (config, ckpt)."""
    cfg = Config.fromfile(osp.join(CONFIGS, cfg_name))
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        cfg[loader].dataset.data_root = data_root
    for t in cfg.train_dataloader.dataset.pipeline:
        if t['type'] == 'SampleVASegment':
            t['clip_len'] = clip_len
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    dataset = DATASETS.build(cfg.train_dataloader.dataset)
    optim = build_optim_wrapper(model, cfg.optim_wrapper)
    model.train()
    losses = []
    for step in range(steps):
        data = pseudo_collate([dataset[(step * batch + i) % len(dataset)]
                               for i in range(batch)])
        losses.append(float(model.train_step(data, optim)['loss'].detach()))
    assert all(torch.isfinite(torch.tensor(losses)))
    cfg_path = osp.join(out_dir, cfg_name)
    ckpt = osp.join(out_dir, cfg_name.replace('.py', '.pth'))
    cfg.dump(cfg_path)
    torch.save(dict(state_dict=model.state_dict(), meta=dict(steps=steps)),
               ckpt)
    return cfg_path, ckpt


@pytest.fixture(scope='session')
def trained_bi(tiny_synthetic, tmp_path_factory):
    """(config, checkpoint) of the bidirectional (offline) model."""
    return train_tiny(BI, tiny_synthetic, str(tmp_path_factory.mktemp('bi')))


@pytest.fixture(scope='session')
def trained_uni(tiny_synthetic, tmp_path_factory):
    """(config, checkpoint) of the unidirectional (online) model."""
    return train_tiny(UNI, tiny_synthetic,
                      str(tmp_path_factory.mktemp('uni')))


@pytest.fixture(scope='session')
def test_video(tiny_synthetic):
    """Path of a synthetic test video (aligned 96x96 faces) and its id."""
    with open(osp.join(tiny_synthetic, 'splits', 'test.txt')) as f:
        vid = f.read().split()[0]
    return osp.join(tiny_synthetic, 'videos', vid + '.mp4'), vid


@pytest.fixture(scope='session')
def trained_tcn(tiny_synthetic, tmp_path_factory):
    """(config, checkpoint) of the causal TCN head model."""
    return train_tiny('vaerr_r18-stem3d-tcn_scratch_1xb4-20e_synthetic.py',
                      tiny_synthetic, str(tmp_path_factory.mktemp('tcn')))


@pytest.fixture(scope='session')
def trained_transformer(tiny_synthetic, tmp_path_factory):
    """(config, checkpoint) of the Transformer head model."""
    return train_tiny(
        'vaerr_r18-stem3d-transformer_scratch_1xb4-20e_synthetic.py',
        tiny_synthetic, str(tmp_path_factory.mktemp('transformer')))
