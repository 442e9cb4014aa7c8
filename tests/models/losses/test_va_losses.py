import math

import pytest
import torch
import torch.nn.functional as F

from mmaction.registry import MODELS
from mmaction_vaerr.models.losses import (BinCELoss, CCCLoss, NCCELoss,
                                          VAMSELoss, bin_centres, va_to_bins)


def _inputs(n=2, t=5, d=2, k=20, seed=0):
    g = torch.Generator().manual_seed(seed)
    reg = torch.randn(n, t, d, generator=g, requires_grad=True)
    logits = torch.randn(n, t, d, k, generator=g, requires_grad=True)
    target = torch.rand(n, t, d, generator=g) * 2 - 1
    mask = torch.ones(n, t, dtype=torch.bool)
    mask[1, 3:] = False
    return reg, logits, target, mask


def _ready_ncce(**kwargs):
    loss = NCCELoss(**kwargs)
    loss.set_centroids(bin_centres(loss.num_bins).repeat(loss.num_dims, 1))
    return loss


# ---------------------------------------------------------------- CCC
def test_ccc_hand_computed():
    # dim 0: x=[1,2,3], y=[1,2,4] -> CCC = 2*1/(2/3 + 14/9 + 1/9) = 6/7
    # dim 1: constant prediction -> CCC 0 -> loss 1
    reg = torch.tensor([[[1., 5.], [2., 5.], [3., 5.]]])
    target = torch.tensor([[[1., 0.], [2., 1.], [4., 2.]]])
    loss = CCCLoss()(reg, None, target, None)
    assert torch.allclose(loss, torch.tensor([1 - 6 / 7, 1.0]), atol=1e-6)


def test_ccc_perfect_and_negated():
    y = torch.tensor([[[1., 3.], [2., 2.], [3., 1.]]])
    loss = CCCLoss()(y.clone(), None, y, None)
    assert torch.allclose(loss, torch.zeros(2), atol=1e-6)
    loss = CCCLoss()(-y + y.mean(1, keepdim=True) * 2, None, y, None)
    assert torch.allclose(loss, torch.full((2, ), 2.0), atol=1e-6)


def test_ccc_pools_all_clips_of_the_batch():
    reg, _, target, mask = _inputs()
    x, y = reg[mask].detach(), target[mask]
    mx, my = x.mean(0), y.mean(0)
    cov = ((x - mx) * (y - my)).mean(0)
    ccc = 2 * cov / (x.var(0, unbiased=False) + y.var(0, unbiased=False) +
                     (mx - my)**2)
    loss = CCCLoss()(reg, None, target, mask)
    assert torch.allclose(loss, 1 - ccc, atol=1e-6)


@pytest.mark.parametrize('num_valid', [0, 1])
def test_ccc_too_few_frames_is_zero_with_zero_grad(num_valid):
    reg, _, target, mask = _inputs()
    mask[:] = False
    mask[0, :num_valid] = True
    loss = CCCLoss()(reg, None, target, mask)
    assert torch.equal(loss.detach(), torch.zeros(2))
    loss.sum().backward()
    assert torch.equal(reg.grad, torch.zeros_like(reg))


def test_ccc_constant_everything_no_nan():
    reg = torch.full((1, 4, 2), 0.3, requires_grad=True)
    target = torch.full((1, 4, 2), 0.3)
    loss = CCCLoss()(reg, None, target, None)
    assert torch.equal(loss.detach(), torch.ones(2))
    loss.sum().backward()
    assert torch.isfinite(reg.grad).all()


# ---------------------------------------------------------------- MSE
def test_mse_hand_computed():
    reg = torch.zeros(1, 2, 2)
    target = torch.tensor([[[1., 0.], [-1., 0.5]]])
    loss = VAMSELoss()(reg, None, target, None)
    assert torch.allclose(loss, torch.tensor([1.0, 0.125]))


# ---------------------------------------------------------------- CE
def test_ce_equals_torch_cross_entropy():
    reg, logits, target, mask = _inputs()
    loss = BinCELoss()(None, logits, target, mask)
    bins = va_to_bins(target[mask])
    for d in range(2):
        ref = F.cross_entropy(logits[mask][:, d], bins[:, d])
        assert torch.allclose(loss[d], ref, atol=1e-6)


def test_ce_uniform_logits_is_log_k():
    logits = torch.zeros(1, 3, 2, 20)
    target = torch.tensor([[[-1., 1.], [0., 0.3], [0.99, -0.5]]])
    loss = BinCELoss()(None, logits, target, None)
    assert torch.allclose(loss, torch.full((2, ), math.log(20)))


def test_ce_wrong_bins_raises():
    with pytest.raises(ValueError, match='logits'):
        BinCELoss()(None, torch.zeros(1, 3, 2, 10), torch.zeros(1, 3, 2),
                    None)


# ---------------------------------------------------------------- nCCE
def test_ncce_hand_computed_two_bins():
    loss = NCCELoss(num_bins=2, num_dims=1)
    loss.set_centroids(torch.tensor([[-0.5, 0.5]]))
    # p = [0.25, 0.75]; target 0.7 -> bin 1; E[K] = 0.25; C = 1.25
    logits = torch.tensor([0.0, math.log(3.0)]).view(1, 1, 1, 2)
    value = loss(None, logits, torch.tensor([[[0.7]]]), None)
    assert value.item() == pytest.approx(1.25 * math.log(4 / 3), rel=1e-6)


def test_ncce_uniform_probabilities():
    loss = _ready_ncce()
    target = torch.tensor([[[0.95, -0.05], [-0.95, 0.2]]])
    value = loss(None, torch.zeros(1, 2, 2, 20), target, None)
    # centroids = bin centres, mean 0: C = 1 + |K_y|
    k_y = bin_centres(20)[va_to_bins(target[0])].float()
    expected = ((1 + k_y.abs()) * math.log(20)).mean(0)
    assert torch.allclose(value, expected, atol=1e-6)


def test_ncce_perfect_prediction_is_near_zero_and_c_is_one():
    loss = _ready_ncce()
    target = torch.rand(1, 6, 2) * 2 - 1
    logits = F.one_hot(va_to_bins(target), 20).float() * 50
    value = loss(None, logits, target, None)
    assert torch.all(value < 1e-6)
    ce = BinCELoss()(None, logits * 0.05, target, None)  # soft logits
    assert torch.all(loss(None, logits * 0.05, target, None) > ce)


def test_ncce_detach_cost_changes_grad_not_value():
    reg, logits, target, mask = _inputs()
    out = [_ready_ncce(detach_cost=dc)(None, logits, target, mask)
           for dc in (False, True)]
    assert torch.allclose(out[0], out[1])
    grads = [torch.autograd.grad(o.sum(), logits)[0] for o in out]
    assert not torch.allclose(grads[0], grads[1])


def test_ncce_needs_centroids_and_checkpoint_roundtrip():
    loss = NCCELoss()
    assert loss.needs_centroids()
    with pytest.raises(RuntimeError, match='NCCECentroidHook'):
        loss(None, torch.zeros(1, 2, 2, 20), torch.zeros(1, 2, 2), None)
    cents = torch.linspace(-0.9, 0.9, 20).repeat(2, 1)
    loss.set_centroids(cents)
    assert not loss.needs_centroids()
    state = loss.state_dict()
    assert set(state) == {'centroids', 'centroids_ready'}
    fresh = MODELS.build(dict(type='NCCELoss'))
    fresh.load_state_dict(state)
    assert not fresh.needs_centroids()
    assert torch.allclose(fresh.centroids, cents)
    with pytest.raises(ValueError):
        fresh.set_centroids(torch.zeros(2, 19))


# ---------------------------------------------------------------- common
ALL_LOSSES = [CCCLoss, VAMSELoss, BinCELoss, _ready_ncce]


@pytest.mark.parametrize('make', ALL_LOSSES)
def test_masked_frames_change_nothing(make):
    reg, logits, target, mask = _inputs()
    loss = make()
    base = loss(reg, logits, target, mask)
    reg2, logits2, target2 = reg.detach().clone(), logits.detach().clone(), \
        target.clone()
    reg2[~mask] = float('nan')
    logits2[~mask] = 1e6
    target2[~mask] = -5.0  # Aff-Wild2's "no label" value
    reg2.requires_grad_(True)
    logits2.requires_grad_(True)
    other = loss(reg2, logits2, target2, mask)
    assert torch.allclose(base, other, atol=1e-6)
    other.sum().backward()
    grad = reg2.grad if reg2.grad is not None else logits2.grad
    assert torch.isfinite(grad).all()
    assert torch.all(grad[~mask] == 0)


@pytest.mark.parametrize('make', ALL_LOSSES)
def test_shape_and_finite_grads_on_degenerate_input(make):
    reg = torch.zeros(2, 3, 2, requires_grad=True)
    logits = torch.zeros(2, 3, 2, 20, requires_grad=True)
    target = torch.zeros(2, 3, 2)
    for mask in (torch.ones(2, 3, dtype=torch.bool),
                 torch.zeros(2, 3, dtype=torch.bool)):
        value = make()(reg, logits, target, mask)
        assert value.shape == (2, )
        assert torch.isfinite(value).all()
        value.sum().backward()
        assert torch.isfinite(reg.grad if reg.grad is not None else
                              logits.grad).all()
