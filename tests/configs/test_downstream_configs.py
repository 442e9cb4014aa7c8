"""Every downstream / mixing config builds and runs one train and test step.

The real config is loaded; only the data root, the segment length and the
batch size are shrunk (tiny synthetic videos from the ``tiny_synthetic``
fixture), as mmaction2's recognizer tests do.
"""
import glob
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.optim import build_optim_wrapper

from mmaction.registry import DATASETS, MODELS
from mmaction_vaerr.datasets.va_classification import write_quadrant_list
from mmaction_vaerr.models.losses import compute_va_centroids

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIGS = sorted(
    glob.glob(osp.join(REPO, 'configs', 'vaerr', '**', '*.py'),
              recursive=True) +
    glob.glob(osp.join(REPO, 'configs', 'mixing', '*.py')))


def _shrink(dataset_cfg, root, clip_len=8):
    dataset_cfg.data_root = root
    for t in dataset_cfg.pipeline:
        if t['type'] in ('SampleVASegment', 'SampleFrames') and \
                t.get('clip_len'):
            t['clip_len'] = clip_len
    return dataset_cfg


def _batch(dataset_cfg, n=2):
    ds = DATASETS.build(dataset_cfg)
    return pseudo_collate([ds[i] for i in range(n)]), ds


def _fake_pretext_checkpoint(cfg, tmp_path):
    """Point a pretrained config at a pretext-style checkpoint we write."""
    init = cfg.model.backbone.get('init_cfg')
    if not init or init.get('type') != 'Pretrained':
        return None
    src = MODELS.build({k: v for k, v in cfg.model.backbone.items()
                        if k != 'init_cfg'})
    state = {k: torch.randn_like(v) if v.is_floating_point() else v
             for k, v in src.state_dict().items()}
    path = str(tmp_path / 'pretext.pth')
    torch.save({'state_dict': {init.prefix + k: v for k, v in state.items()}},
               path)
    init.checkpoint = path
    return state


def test_all_configs_found():
    names = [osp.basename(c) for c in CONFIGS]
    assert 'vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py' in names
    assert len(names) >= 30


@pytest.mark.parametrize('cfg_path', CONFIGS,
                         ids=[osp.relpath(c, REPO) for c in CONFIGS])
def test_config_train_and_test_step(cfg_path, tiny_synthetic, tmp_path):
    cfg = Config.fromfile(cfg_path)
    torch.manual_seed(0)
    pretext = _fake_pretext_checkpoint(cfg, tmp_path)
    if 'quadrant' in cfg_path:
        for split in ('train', 'val', 'test'):
            write_quadrant_list(tiny_synthetic, split, osp.join(
                tiny_synthetic, 'splits', f'quadrant_{split}.txt'))
    train_cfg = _shrink(cfg.train_dataloader.dataset, tiny_synthetic)
    if 'recola' in cfg_path:  # RECOLA evaluates on the AVEC dev partition
        cfg.test_dataloader.dataset.ann_file = 'splits/val.txt'
    test_cfg = _shrink(cfg.test_dataloader.dataset, tiny_synthetic)
    model = MODELS.build(cfg.model)
    model.init_weights()
    if pretext is not None:  # the pretext backbone really was loaded
        for k, v in pretext.items():
            torch.testing.assert_close(model.backbone.state_dict()[k], v)
    data, train_set = _batch(train_cfg)
    for m in model.modules():
        if hasattr(m, 'needs_centroids') and m.needs_centroids():
            m.set_centroids(compute_va_centroids(*train_set.get_frame_labels()))
    optim = build_optim_wrapper(model, cfg.optim_wrapper)
    model.train()
    log_vars = model.train_step(data, optim)
    assert torch.isfinite(log_vars['loss'])
    model.eval()
    data, _ = _batch(test_cfg, n=1)
    with torch.no_grad():
        out = model.test_step(data)
    assert len(out) == 1
    if 'pred_va' in out[0]:
        n = data['data_samples'][0].gt_va.shape[0]
        assert out[0].pred_va.shape == (n, 2)
    else:
        assert out[0].pred_score.numel() == 4
