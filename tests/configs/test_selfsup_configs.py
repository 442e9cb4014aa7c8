"""Every config in configs/selfsup builds and trains on tiny inputs."""
import glob
import os
import os.path as osp
import re

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.hooks import Hook
from mmengine.optim import build_optim_wrapper
from mmengine.registry import init_default_scope
from mmengine.runner import Runner

from mmaction.registry import DATASETS, MODELS
from mmaction_vaerr.io.face_video import write_face_video
from mmaction_vaerr.testing import shrink_pretext_loader

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIGS = sorted(glob.glob(osp.join(REPO, 'configs', 'selfsup', '*.py')))
# Multi-view (BYOL, DINO) configs; LiRA's audio-target configs are tested
# with the LiRA code.
VIEW_CONFIGS = [p for p in CONFIGS
                if osp.basename(p).startswith(('byol_', 'byol-', 'dino_'))]
SIZE, CLIP_LEN = 32, 2   # decoded frames; crops are 16 (global) / 8 px


@pytest.fixture(scope='module')
def tiny_root(tmp_path_factory):
    """Canonical layout, 4 videos of 8 frames, 32x32 moving blobs."""
    root = tmp_path_factory.mktemp('pretext')
    rng = np.random.default_rng(0)
    ids = []
    yy, xx = np.mgrid[:SIZE, :SIZE]
    for s in range(2):
        for v in range(2):
            vid = f's{s:02d}/v{v:02d}'
            cy, cx = rng.uniform(8, 24, 2)
            frames = [np.clip(60 + 150 * np.exp(-((yy - cy - t) ** 2 + (
                xx - cx) ** 2) / 40.0), 0, 255).astype(np.uint8)
                for t in range(8)]
            write_face_video(str(root / 'videos' / f'{vid}.mp4'),
                             np.stack(frames), fps=25)
            ids.append(vid)
    os.makedirs(root / 'splits')
    (root / 'splits' / 'train.txt').write_text('\n'.join(ids) + '\n')
    return str(root)


def shrink(cfg, root):
    """Point the config at the tiny set: 2 frames, 16/8 px crops, batch 2."""
    return shrink_pretext_loader(cfg, root, CLIP_LEN,
                                 lambda size: 16 if size >= 96 else 8)


def test_there_are_configs():
    names = {osp.basename(p) for p in CONFIGS}
    assert {'byol_r18-stem3d_8xb32-coslr-100e_lrs3.py',
            'dino_r18-stem3d_8xb32-coslr-100e_lrs3.py',
            'byol_r18-stem3d_1xb8-5e_synthetic.py',
            'dino_r18-stem3d_1xb8-5e_synthetic.py'} <= names


@pytest.mark.parametrize('path', CONFIGS, ids=osp.basename)
def test_name_agrees_with_values(path):
    cfg = Config.fromfile(path)
    name = osp.basename(path)
    gpus, batch = map(int, re.search(r'_(\d+)xb(\d+)', name).groups())
    epochs = int(re.search(r'(\d+)e_', name).group(1))
    assert cfg.train_dataloader.batch_size == batch
    assert cfg.train_cfg.max_epochs == epochs
    # {algorithm}[-{variant}]: byol-faceviews is BYOL with other views
    assert name.split('_')[0].split('-')[0] == cfg.model.type.lower()
    assert cfg.model.backbone.type in ('ResNet18Stem3D', 'VideoViT')
    if gpus > 1:
        assert cfg.auto_scale_lr.base_batch_size == gpus * batch


@pytest.mark.parametrize('path', VIEW_CONFIGS, ids=osp.basename)
def test_config_trains_one_step(path, tiny_root):
    cfg = shrink(Config.fromfile(path), tiny_root)
    init_default_scope('mmaction')
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    dataset = DATASETS.build(cfg.train_dataloader.dataset)
    batch = pseudo_collate([dataset[0], dataset[1]])
    wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    losses = model.train_step(batch, wrapper)
    assert torch.isfinite(losses['loss'])


class LossRecorder(Hook):
    def __init__(self):
        self.losses = []

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        self.losses.append(outputs['loss'].item())


def test_runner_lowers_byol_loss(tiny_root, tmp_path):
    path = osp.join(REPO, 'configs', 'selfsup',
                    'byol_r18-stem3d_1xb8-5e_synthetic.py')
    cfg = shrink(Config.fromfile(path), tiny_root)
    cfg.work_dir = str(tmp_path)
    cfg.train_cfg.max_epochs = 2             # 2 iterations per epoch
    cfg.default_hooks.checkpoint = None
    cfg.visualizer.vis_backends = [dict(type='LocalVisBackend')]
    runner = Runner.from_cfg(cfg)
    recorder = LossRecorder()
    runner.register_hook(recorder)
    runner.train()
    losses = recorder.losses
    assert len(losses) == 4
    assert np.mean(losses[-2:]) < np.mean(losses[:2])


def test_metafile_lists_existing_configs():
    import yaml
    with open(osp.join(REPO, 'configs', 'selfsup', 'metafile.yml')) as f:
        models = yaml.safe_load(f)['Models']
    for entry in models:
        assert osp.isfile(osp.join(REPO, entry['Config'])), entry['Config']
        assert osp.basename(entry['Config']) == entry['Name'] + '.py'
