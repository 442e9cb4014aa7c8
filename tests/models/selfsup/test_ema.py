import math

import pytest
import torch
import torch.nn as nn

from mmaction_vaerr.models.selfsup.ema import MomentumEMA, cosine_momentum


def _net():
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4))


def test_cosine_momentum_schedule():
    assert cosine_momentum(0.01, 0.0, 0, 100) == pytest.approx(0.01)
    assert cosine_momentum(0.01, 0.0, 50, 100) == pytest.approx(0.005)
    assert cosine_momentum(0.01, 0.0, 100, 100) == pytest.approx(0.0)
    k, big_k = 30, 100
    expected = 0.004 * (math.cos(math.pi * k / big_k) + 1) / 2
    assert cosine_momentum(0.004, 0.0, k, big_k) == pytest.approx(expected)
    # clipped outside [0, max_iters]
    assert cosine_momentum(0.01, 0.0, 150, 100) == pytest.approx(0.0)
    with pytest.raises(ValueError, match='max_iters'):
        cosine_momentum(0.01, 0.0, 1, 0)


def test_target_is_a_frozen_copy():
    online = _net()
    ema = MomentumEMA(online, momentum=0.1)
    assert all(not p.requires_grad for p in ema.parameters())
    assert all(p.requires_grad for p in online.parameters())
    for (_, p), (_, q) in zip(online.named_parameters(),
                              ema.module.named_parameters()):
        assert p is not q and torch.equal(p, q)


def test_update_equals_formula():
    online = _net()
    ema = MomentumEMA(online, momentum=0.1)
    with torch.no_grad():
        for p in online.parameters():
            p.add_(1.0)
    ema.update_parameters(online)  # first update: copy (sync after init)
    for p, q in zip(online.parameters(), ema.module.parameters()):
        assert torch.equal(p, q)
    old = [q.clone() for q in ema.module.parameters()]
    with torch.no_grad():
        for p in online.parameters():
            p.mul_(-2.0).add_(0.5)
    online[1].running_mean.fill_(3.0)
    ema.update_parameters(online, momentum=0.3)
    for p, q, q0 in zip(online.parameters(), ema.module.parameters(), old):
        torch.testing.assert_close(q, 0.7 * q0 + 0.3 * p)
    # buffers follow the online network
    assert torch.equal(ema.module[1].running_mean, online[1].running_mean)
    assert ema.momentum == 0.3 and int(ema.steps) == 2


def test_momentum_validated():
    ema = MomentumEMA(_net(), momentum=0.1)
    with pytest.raises(ValueError, match='momentum'):
        ema.update_parameters(_net(), momentum=1.5)


def test_no_gradient_reaches_target():
    online = _net()
    ema = MomentumEMA(online, momentum=0.1)
    x = torch.randn(5, 3)
    loss = (online(x) - ema(x)).pow(2).sum()
    loss.backward()
    assert all(p.grad is not None for p in online.parameters())
    assert all(p.grad is None for p in ema.parameters())


def test_linear_momentum_schedule():
    from mmaction_vaerr.models.selfsup.ema import (linear_momentum,
                                                   scheduled_momentum)
    assert linear_momentum(0.002, 0.0, 0, 100) == pytest.approx(0.002)
    assert linear_momentum(0.002, 0.0, 25, 100) == pytest.approx(0.0015)
    assert linear_momentum(0.002, 0.0, 100, 100) == pytest.approx(0.0)
    assert linear_momentum(0.002, 0.0, 500, 100) == pytest.approx(0.0)
    assert scheduled_momentum('linear', 0.002, 0.0, 50, 100) == \
        pytest.approx(0.001)
    assert scheduled_momentum('cosine', 0.01, 0.0, 50, 100) == \
        pytest.approx(cosine_momentum(0.01, 0.0, 50, 100))
    assert scheduled_momentum('linear', 0.002, 0.0, None, None) == 0.002
    with pytest.raises(ValueError, match='schedule'):
        scheduled_momentum('step', 0.002, 0.0, 1, 10)
    with pytest.raises(ValueError, match='max_iters'):
        linear_momentum(0.002, 0.0, 1, 0)
