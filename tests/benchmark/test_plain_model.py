"""The benchmark's plain-PyTorch SS-VAERR is the project's model, re-written.

Same parameter count, same counted FLOPs per frame, and with the project's
weights loaded the same outputs and the same loss.
"""
import os.path as osp

import pytest
import torch

from mmaction_vaerr.benchmark import bench_model as bm
from mmaction_vaerr.benchmark.plain_model import (PIXEL_MEAN, PIXEL_STD,
                                                  PlainSSVAERR,
                                                  load_project_state_dict,
                                                  plain_va_loss,
                                                  state_width)

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))

CONFIG = osp.join(REPO, 'configs', 'vaerr',
                  'vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py')


@pytest.fixture(scope='module')
def models():
    torch.manual_seed(0)
    project = bm.build_project_model(CONFIG)
    # non-trivial BN statistics so that eval mode is really compared
    for m in project.modules():
        if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 1.5)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.2, 0.2)
    plain = bm.build_plain_model(bm.clone_state(project))
    return project, plain


def test_parameter_counts_and_flops_are_identical(models):
    project, plain = models
    assert sum(p.numel() for p in plain.parameters()) == \
        sum(p.numel() for p in project.parameters()) == 13569770
    fl = bm.flops_section(CONFIG, bm.clone_state(project), t=3)
    for key in ('params', 'fwd_flops_per_frame', 'train_flops_per_frame',
                'fwd_stage_flops_per_frame'):
        assert fl['plain'][key] == fl['project'][key], key
    # 0.7 GFLOPs per frame forward, almost all of it in the trunk
    assert 0.69e9 < fl['plain']['fwd_flops_per_frame'] < 0.71e9
    stages = fl['plain']['fwd_stage_flops_per_frame']
    assert stages['trunk'] > 8 * stages['stem'] > 8 * stages['gru'] > 0


def test_project_weights_give_identical_predictions(models):
    project, plain = models
    batch = bm.Batch(2, 6, seed=3)
    with torch.no_grad():
        samples = bm.inference_fn(project, batch, False, False)()
        reg, prob = bm.inference_fn(plain, batch, False, True)()
    for i, ds in enumerate(samples):
        torch.testing.assert_close(ds.pred_va, reg[i], atol=1e-5, rtol=1e-4)
        torch.testing.assert_close(ds.pred_va_prob, prob[i], atol=1e-5,
                                   rtol=1e-4)


def test_training_loss_is_the_same(models):
    project, plain = models
    batch = bm.Batch(2, 6, seed=4)
    project.train()
    plain.train()
    data = project.data_preprocessor(batch.project_data(), True)
    losses = project(**data, mode='loss')
    total = sum(v for k, v in losses.items() if k.startswith('loss'))
    reg, logits = plain(batch.x)
    torch.testing.assert_close(plain_va_loss(reg, logits, batch.va,
                                             batch.mask), total,
                               atol=1e-4, rtol=1e-4)


def test_state_dict_mapping_is_strict():
    plain = PlainSSVAERR()
    state = {'backbone.stem.0.weight': torch.zeros(64, 1, 5, 7, 7)}
    with pytest.raises(RuntimeError, match='Missing key'):
        load_project_state_dict(plain, state)
    with pytest.raises(KeyError, match='neck.w'):
        load_project_state_dict(plain, {'neck.w': torch.zeros(1)})


def test_half_width_trunk_is_rebuilt_at_its_width():
    """The main job's half-width model (base_channels 32, the tap stem in
    its config) loads into the plain model at width 32, same outputs once
    the project's input side (real-face statistics, test-time centre crop)
    is set to the plain model's fixed one."""
    cfg = osp.join(REPO, 'configs', 'vaerr', 'vaerr_r18w32-tapstem-gru_'
                   'scratch_1xb32-autoprec-400it_realface.py')
    torch.manual_seed(1)
    project = bm.build_project_model(cfg)
    pre = project.data_preprocessor
    pre.test_crop = None
    pre.mean.fill_(PIXEL_MEAN)
    pre.std.fill_(PIXEL_STD)
    state = bm.clone_state(project)
    plain = bm.build_plain_model(state)
    assert plain.stem[0].out_channels == 32
    assert plain.gru.input_size == 256
    assert sum(p.numel() for p in plain.parameters()) == \
        sum(p.numel() for p in project.parameters())
    batch = bm.Batch(1, 5, seed=5)
    with torch.no_grad():
        samples = bm.inference_fn(project, batch, False, False)()
        reg, _ = bm.inference_fn(plain, batch, False, True)()
    torch.testing.assert_close(samples[0].pred_va, reg[0], atol=1e-5,
                               rtol=1e-4)
    with pytest.raises(KeyError, match='no 3D stem'):
        state_width({'cls_head.fc_reg.weight': torch.zeros(2, 512)})
