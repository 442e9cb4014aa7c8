"""The shipped Aff-Wild2 config trains and tests on the released layout.

The set is the real-face generator's Aff-Wild2 layout (``tiny_realface``:
112x112 RGB jpgs, ``-5`` rows and missing jpgs included); the config's own
pipeline is used unchanged, only the segment length and batch shrink.
"""
import glob
import os.path as osp

import numpy as np
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.optim import build_optim_wrapper

from mmaction.registry import DATASETS, MODELS

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIGS = sorted(glob.glob(osp.join(REPO, 'configs', 'affwild2', '*.py')))


def test_affwild2_configs_found():
    assert CONFIGS


def test_affwild2_config_train_and_test_step(tiny_realface):
    for path in CONFIGS:
        cfg = Config.fromfile(path)
        torch.manual_seed(0)
        train = cfg.train_dataloader.dataset
        train.data_root = tiny_realface
        train.pipeline[0]['clip_len'] = 8
        ds = DATASETS.build(train)
        assert len(ds) == 2                       # s00's two videos
        batch = pseudo_collate([ds[0], ds[1]])
        assert batch['inputs'][0].shape == (1, 1, 8, 96, 96)
        model = MODELS.build(cfg.model)
        model.init_weights()
        optim = build_optim_wrapper(model, cfg.optim_wrapper)
        model.train()
        log_vars = model.train_step(batch, optim)
        assert torch.isfinite(log_vars['loss'])
        test = cfg.test_dataloader.dataset
        test.data_root = tiny_realface
        tds = DATASETS.build(test)
        item = tds[0]
        # missing jpgs / -5 rows of the release are masked, not dropped
        mask = item['data_samples'].frame_mask
        assert item['inputs'].shape[2] == 30 and 0 < int(mask.sum()) < 30
        model.eval()
        with torch.no_grad():
            out = model.test_step(pseudo_collate([item]))
        assert out[0].pred_va.shape == (30, 2)
        assert np.isfinite(out[0].pred_va.numpy()).all()


def test_affwild2_twins_build_the_main_job_models():
    """Each Aff-Wild2 twin is its real-face config's model, init included.

    The twins' comments promise that a checkpoint moves between them and
    that training starts the same way (``zero_init_residual`` and all).
    """
    twins = {
        'vaerr_r18-tapstem-gru_scratch_1xb32-autoprec-200it':
        'vaerr_r18-tapstem-gru_scratch_1xb32-autoprec-200it',
        'vaerr_r18w32-tapstem-gru_scratch_1xb32-autoprec-400it':
        'vaerr_r18w32-tapstem-gru_scratch_1xb32-autoprec-400it',
    }
    for aff, real in twins.items():
        a = Config.fromfile(
            osp.join(REPO, 'configs', 'affwild2', aff + '_affwild2.py'))
        r = Config.fromfile(
            osp.join(REPO, 'configs', 'vaerr', real + '_realface.py'))
        assert a.model.to_dict() == r.model.to_dict(), aff
        assert a.train_cfg.max_iters == r.train_cfg.max_iters, aff
