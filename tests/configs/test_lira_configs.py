"""The LiRA configs build, read tiny data through their own pipeline and
run one train step (mmaction2 test_recognizer3d style: real config, small
input)."""
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.optim import build_optim_wrapper

from mmaction.registry import DATASETS, MODELS
from mmaction_vaerr.dataprep.synthetic import generate_synthetic_dataset
from mmaction_vaerr.io.face_video import write_face_video
from mmaction_vaerr.testing import shrink_lira_dataset

CFG_DIR = osp.join(osp.dirname(__file__), '..', '..', 'configs', 'selfsup')
SYNTHETIC = ['lira_r18-stem3d-conformer_1xb8-5e_synthetic.py',
             'lira_r18-stem3d-conformer_1xb8-20e_synthetic-ssl.py',
             'lira_r18-stem3d-conformer_1xb8-12e_synthetic-mini.py']
LRS3 = 'lira_r18-stem3d-conformer_8xb32-coslr-100e_lrs3.py'
CLIP = 6


pytestmark = pytest.mark.usefixtures('one_thread')


def _shrink(cfg, data_root, **audio):
    """Tiny clips, in-process loading, data under ``data_root``."""
    return shrink_lira_dataset(cfg, data_root, CLIP, **audio)


def _one_step(cfg, dataset_cfg):
    dataset = DATASETS.build(dataset_cfg)
    batch = pseudo_collate([dataset[0], dataset[1 % len(dataset)]])
    sample = batch['data_samples'][0]
    assert sample.audio_target.shape == (CLIP, cfg.target_dim)
    assert cfg.lira_crop_size == 80   # the paper: random 80 of 96
    assert batch['inputs'][0].shape == (1, CLIP, 80, 80)
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    before = model.backbone.stem[0].weight.detach().clone()
    out = model.train_step(batch, wrapper)
    assert torch.isfinite(out['loss']) and out['loss'] > 0
    assert not torch.equal(before, model.backbone.stem[0].weight)
    return model


@pytest.mark.parametrize('name', SYNTHETIC)
def test_synthetic_config_one_train_step(tmp_path, name):
    cfg = Config.fromfile(osp.join(CFG_DIR, name))
    assert cfg.model.head.out_channels == cfg.target_dim == 80
    root = str(tmp_path / 'synthetic')
    generate_synthetic_dataset(root, num_subjects=2, videos_per_subject=1,
                               num_frames=16, seed=0,
                               splits={cfg.train_dataloader.dataset.split: 2})
    _one_step(cfg, _shrink(cfg, root))


def test_lrs3_config_one_train_step(tmp_path):
    cfg = Config.fromfile(osp.join(CFG_DIR, LRS3))
    assert cfg.model.neck.num_layers == 12
    assert cfg.model.head.out_channels == cfg.target_dim == 256
    root, feats = tmp_path / 'lrs3', tmp_path / 'lrs3_pase'
    rng = np.random.default_rng(0)
    for utt in ('pretrain/spk0/00001', 'trainval/spk1/00002'):
        frames = rng.integers(0, 256, (20, 96, 96), dtype=np.uint8)
        audio = rng.normal(0, 0.1, 12800).astype(np.float32)  # 0.8 s
        write_face_video(str(root / f'{utt}.mp4'), frames, 25, audio)
        (feats / utt).parent.mkdir(parents=True, exist_ok=True)
        np.save(feats / f'{utt}.npy',                # PASE+-like, 100 Hz
                rng.normal(size=(80, 256)).astype(np.float32))
    _one_step(cfg, _shrink(cfg, str(root), feature_root=str(feats)))
