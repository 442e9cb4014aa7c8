"""Every categorical task config builds and runs one train and test step.

The real config is loaded; only the data root, the clip length and the
batch are shrunk to the tiny stand-in sets of ``tests/conftest.py``
(Aff-Wild2 layout, RAVDESS / CREMA-D names, the synthetic set).
"""
import glob
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.optim import build_optim_wrapper

from mmaction.registry import DATASETS, MODELS

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIGS = sorted(glob.glob(osp.join(REPO, 'configs', 'tasks', '*.py')))
FIXTURE = {'affwild2': 'tiny_affwild2', 'synthetic': 'tiny_synthetic',
           'ravdess': 'tiny_ravdess', 'crema-d': 'tiny_crema_d'}


def _fixture_name(cfg_path):
    data = osp.basename(cfg_path)[:-3].rsplit('_', 1)[1]
    return FIXTURE[data.split('-common6')[0]]


def _shrink(dataset_cfg, root, clip_based):
    dataset_cfg.data_root = root
    if clip_based:
        dataset_cfg.data_prefix = dict(video=root)
    for t in dataset_cfg.pipeline:
        if t['type'] == 'SampleFrameSegment' and t.get('clip_len'):
            t['clip_len'] = 8
        if t['type'] == 'SampleFrames':
            t.update(clip_len=4, frame_interval=1)
    return DATASETS.build(dataset_cfg)


def _fake_pretext_checkpoint(cfg, tmp_path):
    init = cfg.model.backbone.get('init_cfg')
    if not init or init.get('type') != 'Pretrained':
        return None
    # the config's own encoder (ResNet18Stem3D or VideoViT), fresh
    src = MODELS.build(dict(cfg.model.backbone, init_cfg=None,
                            frozen='none'))
    src.init_weights()
    # perturbed initial weights: distinct from a fresh init, yet a sane
    # network (a frozen encoder runs BatchNorm on its running statistics)
    state = {k: v * (1 + 0.1 * torch.randn_like(v))
             if v.is_floating_point() else v
             for k, v in src.state_dict().items()}
    init.checkpoint = str(tmp_path / 'pretext.pth')
    torch.save({'state_dict': {init.prefix + k: v for k, v in state.items()}},
               init.checkpoint)
    return state


def test_configs_found():
    names = {osp.basename(c) for c in CONFIGS}
    assert len(names) >= 13
    for data in ('affwild2', 'synthetic', 'ravdess', 'crema-d'):
        assert any(n.endswith(f'_{data}.py') for n in names), data


@pytest.mark.parametrize('cfg_path', CONFIGS,
                         ids=[osp.basename(c) for c in CONFIGS])
def test_config_train_and_test_step(cfg_path, request, tmp_path):
    cfg = Config.fromfile(cfg_path)
    root = request.getfixturevalue(_fixture_name(cfg_path))
    clip_based = cfg.model.cls_head.type == 'ClipEmotionHead'
    torch.manual_seed(0)
    pretext = _fake_pretext_checkpoint(cfg, tmp_path)
    model = MODELS.build(cfg.model)
    model.init_weights()
    if pretext is not None:       # the probe's encoder is the pretext one
        for k, v in pretext.items():
            torch.testing.assert_close(model.backbone.state_dict()[k], v)
    train_set = _shrink(cfg.train_dataloader.dataset, root, clip_based)
    data = pseudo_collate([train_set[i] for i in range(2)])
    optim = build_optim_wrapper(model, cfg.optim_wrapper)
    frozen = {k: v.clone() for k, v in model.backbone.state_dict().items()}
    model.train()
    log_vars = model.train_step(data, optim)
    assert torch.isfinite(log_vars['loss'])
    if cfg.model.backbone.get('frozen') == 'all':   # probes keep it fixed
        for k, v in model.backbone.state_dict().items():
            torch.testing.assert_close(v, frozen[k])
    test_set = _shrink(cfg.test_dataloader.dataset, root, clip_based)
    model.eval()
    with torch.no_grad():
        out = model.test_step(pseudo_collate([test_set[0]]))
    n_cls = cfg.model.cls_head.get('num_classes', 8)
    if clip_based:
        assert out[0].pred_score.shape == (n_cls, )
    else:
        n = test_set[0]['data_samples'].frame_mask.shape[0]
        for key, shape in (('pred_expr', (n, 8)), ('pred_au', (n, 12)),
                           ('pred_va', (n, 2))):
            if key in out[0]:
                assert out[0].get(key).shape == shape


def test_metafile_lists_every_config():
    import yaml
    with open(osp.join(REPO, 'configs', 'tasks', 'metafile.yml')) as f:
        models = yaml.safe_load(f)['Models']
    listed = {osp.join(REPO, m['Config']) for m in models}
    assert listed == set(CONFIGS)
    for m in models:
        assert osp.basename(m['Config']) == m['Name'] + '.py'


def test_multitask_runner_reports_every_task(tiny_synthetic, tmp_path):
    """The mmengine test loop runs the three evaluators on one model."""
    from mmengine.runner import Runner
    cfg = Config.fromfile(osp.join(
        REPO, 'configs', 'tasks',
        'mtl-va-expr-au_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py'))
    cfg.test_dataloader.update(num_workers=0, persistent_workers=False)
    cfg.test_dataloader.dataset.data_root = tiny_synthetic
    cfg.work_dir = str(tmp_path)
    cfg.visualizer.vis_backends = [dict(type='LocalVisBackend')]
    metrics = Runner.from_cfg(cfg).test()
    for key in ('va/ccc_mean', 'expr/f1_macro', 'expr/accuracy',
                'au/f1_macro'):
        assert np.isfinite(metrics[key]), key
    assert metrics['au/num_aus'] == 7         # the drawable AUs
