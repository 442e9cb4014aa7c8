"""Pretext checkpoints initialise the downstream ResNet18Stem3D."""
import copy

import pytest
import torch
import torch.nn as nn
from mmengine.optim import OptimWrapper

from mmaction_vaerr.models.backbones import (ResNet18Stem3D,
                                             load_backbone_weights)
from mmaction_vaerr.models.selfsup import BYOL, DINO
from mmaction_vaerr.tools.convert_pretext_checkpoint import convert


def build(algo):
    backbone = dict(type='ResNet18Stem3D')
    if algo == 'byol':
        return BYOL(backbone=backbone,
                    neck=dict(type='ProjectionMLP', in_channels=512,
                              hid_channels=16, out_channels=8),
                    head=dict(type='BYOLHead', predictor=dict(
                        type='ProjectionMLP', in_channels=8,
                        hid_channels=16, out_channels=8)))
    return DINO(backbone=backbone,
                head=dict(type='DINOHead', hid_channels=16,
                          bottleneck_channels=8, out_channels=8))


def pretext_checkpoint(algo, path):
    """One pretext train step, then save the state dict like the runner."""
    torch.manual_seed(0)
    model = build(algo)
    g = torch.Generator().manual_seed(1)
    sizes = [16, 16] + ([8] if algo == 'dino' else [])
    data = dict(inputs=[[torch.randint(0, 256, (1, 2, s, s), generator=g,
                                       dtype=torch.uint8)
                         for _ in range(2)] for s in sizes],
                data_samples=None)
    model.train_step(data, OptimWrapper(torch.optim.SGD(
        model.parameters(), lr=0.1)))
    torch.save({'state_dict': model.state_dict()}, path)
    return model


@pytest.fixture(scope='module', params=['byol', 'dino'])
def pretext(request, tmp_path_factory):
    path = str(tmp_path_factory.mktemp(request.param) / 'pretext.pth')
    return pretext_checkpoint(request.param, path), path


def test_zero_missing_keys_and_online_weights(pretext):
    model, path = pretext
    result = load_backbone_weights(ResNet18Stem3D(), path, 'backbone.')
    assert result == dict(missing=[], unexpected=[])
    backbone = ResNet18Stem3D(init_cfg=dict(
        type='Pretrained', checkpoint=path, prefix='backbone.'))
    backbone.init_weights()
    expected = model.backbone.state_dict()
    for key, value in backbone.state_dict().items():
        assert torch.equal(value, expected[key]), key
    # the online/student network, not the EMA copy, is handed over
    ema = model.target_net if isinstance(model, BYOL) else model.teacher
    assert not torch.equal(backbone.stem[0].weight,
                           ema.module[0].stem[0].weight)


@pytest.mark.parametrize('frozen', ['stem_conv', 'all'])
def test_frozen_modes_hold_during_a_training_step(pretext, frozen):
    _, path = pretext
    backbone = ResNet18Stem3D(frozen=frozen, out_format='nct', init_cfg=dict(
        type='Pretrained', checkpoint=path, prefix='backbone.'))
    backbone.init_weights()
    head = nn.Linear(512, 2)
    params = list(backbone.parameters()) + list(head.parameters())
    optim = torch.optim.AdamW(params, lr=0.1, weight_decay=0.1)
    before = copy.deepcopy(backbone.state_dict())
    backbone.train()
    x = torch.randn(2, 1, 3, 16, 16)
    loss = head(backbone(x).mean(2)).pow(2).mean()
    loss.backward()
    optim.step()
    after = backbone.state_dict()
    assert torch.equal(after['stem.0.weight'], before['stem.0.weight'])
    changed = [k for k in after if not torch.equal(after[k], before[k])]
    if frozen == 'all':   # weights and BN statistics fixed
        assert changed == []
    else:                 # everything after the first conv trains
        assert 'stem.1.weight' in changed
        assert 'layer4.1.conv2.weight' in changed
        assert 'stem.1.running_mean' in changed


@pytest.mark.parametrize('keep_prefix', [False, True])
def test_convert_tool(pretext, tmp_path, keep_prefix):
    model, path = pretext
    dst = str(tmp_path / 'backbone.pth')
    counts = convert(path, dst, keep_prefix=keep_prefix)
    n_backbone = len(model.backbone.state_dict())
    assert counts['kept'] == n_backbone
    assert counts['total'] == len(model.state_dict())
    assert counts['dropped'] == counts['total'] - n_backbone
    prefix = 'backbone.' if keep_prefix else ''
    result = load_backbone_weights(ResNet18Stem3D(), dst, prefix)
    assert result == dict(missing=[], unexpected=[])
    with pytest.raises(ValueError, match='no key starts with'):
        convert(path, dst, prefix='nothing.')
