import pytest
import torch
from mmengine.model import BaseModel

from mmaction.registry import MODELS
from mmaction_vaerr.models.losses import (BinCELoss, CCCLoss, VAMSELoss,
                                          bin_centres)


def _inputs(seed=0):
    g = torch.Generator().manual_seed(seed)
    reg = torch.randn(2, 6, 2, generator=g, requires_grad=True)
    logits = torch.randn(2, 6, 2, 20, generator=g, requires_grad=True)
    target = torch.rand(2, 6, 2, generator=g) * 2 - 1
    mask = torch.ones(2, 6, dtype=torch.bool)
    mask[0, 4:] = False
    return reg, logits, target, mask


def test_default_is_sewa_preset():
    loss = MODELS.build(dict(type='VACompositeLoss'))
    reg, logits, target, mask = _inputs()
    out = loss(reg, logits, target, mask)
    assert set(out) == {'loss_ccc', 'loss_mse', 'loss_ce', 'ccc_arousal',
                        'ccc_valence'}
    ccc = CCCLoss()(reg, logits, target, mask)
    mse = VAMSELoss()(reg, logits, target, mask)
    ce = BinCELoss()(reg, logits, target, mask)
    assert torch.allclose(out['loss_ccc'], 0.5 * ccc.sum())
    assert torch.allclose(out['loss_mse'], 0.25 * mse.sum())
    assert torch.allclose(out['loss_ce'], 0.25 * ce.sum())
    assert torch.allclose(out['ccc_arousal'], 1 - ccc[0])
    assert torch.allclose(out['ccc_valence'], 1 - ccc[1])
    assert not out['ccc_arousal'].requires_grad


def test_recola_preset_weights_per_dimension():
    loss = MODELS.build(dict(type='VACompositeLoss',
                             weights=dict(ccc=[0.66, 1.0], ce=[0.34, 0.0])))
    assert set(loss.components) == {'ccc', 'ce'}
    reg, logits, target, mask = _inputs()
    out = loss(reg, logits, target, mask)
    assert 'loss_mse' not in out and 'loss_ncce' not in out
    ccc = CCCLoss()(reg, logits, target, mask)
    ce = BinCELoss()(reg, logits, target, mask)
    assert torch.allclose(out['loss_ccc'], 0.66 * ccc[0] + 1.0 * ccc[1])
    assert torch.allclose(out['loss_ce'], 0.34 * ce[0])


def test_total_through_mmengine_parse_losses_and_grads():
    loss = MODELS.build(dict(type='VACompositeLoss',
                             weights=dict(ccc=1.0, ncce=[0.0, 0.5])))
    ncce = loss.components['ncce']
    assert 'components.ncce.centroids' in loss.state_dict()
    ncce.set_centroids(bin_centres(20).repeat(2, 1))
    reg, logits, target, mask = _inputs()
    out = loss(reg, logits, target, mask)
    total, log_vars = BaseModel.parse_losses(None, out)
    assert torch.allclose(total, out['loss_ccc'] + out['loss_ncce'])
    assert 'ccc_arousal' in log_vars and 'loss' in log_vars
    total.backward()
    assert torch.isfinite(reg.grad).all() and torch.isfinite(logits.grad).all()
    assert torch.all(logits.grad[..., 0, :] == 0)  # arousal nCCE weight 0


def test_all_frames_masked_is_finite():
    loss = MODELS.build(dict(type='VACompositeLoss'))
    reg, logits, target, mask = _inputs()
    out = loss(reg, logits, target, torch.zeros_like(mask))
    assert all(torch.isfinite(v) for v in out.values())
    sum(v for k, v in out.items() if 'loss' in k).backward()
    assert torch.isfinite(reg.grad).all()


def test_loss_overrides_and_bad_config():
    loss = MODELS.build(dict(
        type='VACompositeLoss', weights=dict(ncce=1.0),
        losses=dict(ncce=dict(type='NCCELoss', detach_cost=True))))
    assert loss.components['ncce'].detach_cost
    assert loss.components['ncce'].num_bins == 20
    with pytest.raises(ValueError, match='unknown'):
        MODELS.build(dict(type='VACompositeLoss', weights=dict(pcc=1.0)))
    with pytest.raises(ValueError, match='scalar'):
        MODELS.build(dict(type='VACompositeLoss', weights=dict(ccc=[1, 1, 1])))
