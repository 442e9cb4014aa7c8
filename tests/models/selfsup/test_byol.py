import uuid

import pytest
import torch
from mmengine.logging import MessageHub
from mmengine.optim import OptimWrapper

from mmaction_vaerr.models.losses.selfsup import BYOLLoss
from mmaction_vaerr.models.selfsup import BYOL


def tiny_byol(**kwargs):
    return BYOL(
        backbone=dict(type='ResNet18Stem3D'),
        neck=dict(type='ProjectionMLP', in_channels=512, hid_channels=32,
                  out_channels=16),
        head=dict(type='BYOLHead',
                  predictor=dict(type='ProjectionMLP', in_channels=16,
                                 hid_channels=32, out_channels=16)),
        **kwargs)


def views(n=2, t=3, size=16, seed=0):
    g = torch.Generator().manual_seed(seed)
    return [torch.randn(n, 1, t, size, size, generator=g) for _ in range(2)]


@pytest.fixture
def hub():
    """A fresh current MessageHub (as RuntimeInfoHook would fill it)."""
    yield MessageHub.get_instance(f'test-byol-{uuid.uuid4()}')
    MessageHub.get_instance(f'test-byol-clean-{uuid.uuid4()}')


def test_byol_loss_known_vectors():
    loss = BYOLLoss()
    a = torch.tensor([[1.0, 0.0], [0.0, 2.0], [3.0, 4.0]])
    same_dir = a * 5
    orth = torch.tensor([[0.0, 1.0], [1.0, 0.0], [4.0, -3.0]])
    assert loss(a, same_dir).item() == pytest.approx(0.0, abs=1e-6)
    assert loss(a, orth).item() == pytest.approx(2.0)
    assert loss(a, -a).item() == pytest.approx(4.0)
    # mean over the batch: 2 - 2cos(45 deg) and 0
    p = torch.tensor([[1.0, 0.0], [1.0, 1.0]])
    z = torch.tensor([[1.0, 1.0], [2.0, 2.0]])
    expected = (2 - 2 / 2 ** 0.5 + 0.0) / 2
    assert loss(p, z).item() == pytest.approx(expected, rel=1e-6)
    assert BYOLLoss(loss_weight=3.0)(p, z).item() == pytest.approx(
        3 * expected, rel=1e-6)


def test_byol_loss_target_detached_and_shape_checked():
    p = torch.randn(4, 8, requires_grad=True)
    z = torch.randn(4, 8, requires_grad=True)
    BYOLLoss()(p, z).backward()
    assert p.grad is not None and z.grad is None
    with pytest.raises(ValueError, match='same shape'):
        BYOLLoss()(torch.randn(4, 8), torch.randn(4, 7))


def test_loss_step_gradients_and_target():
    torch.manual_seed(0)
    model = tiny_byol()
    losses = model.loss(views())
    assert set(losses) == {'loss'} and losses['loss'].dim() == 0
    assert 0.0 <= losses['loss'].item() <= 8.0
    losses['loss'].backward()
    assert model.backbone.stem[0].weight.grad is not None
    assert model.head.predictor.mlp[0].weight.grad is not None
    assert all(p.grad is None and not p.requires_grad
               for p in model.target_net.parameters())


def test_wrong_number_of_views():
    model = tiny_byol()
    with pytest.raises(ValueError, match='2 views'):
        model.loss(views()[:1])
    with pytest.raises(ValueError, match='2 views'):
        model.loss(views()[0])


def test_momentum_follows_runtime_info(hub):
    model = tiny_byol(base_momentum=0.02, end_momentum=0.0)
    model.loss(views())                       # no runner info: base value
    assert model.target_net.momentum == pytest.approx(0.02)
    hub.update_info('iter', 50)
    hub.update_info('max_iters', 100)
    before = [p.clone() for p in model.target_net.parameters()]
    model.loss(views())
    assert model.target_net.momentum == pytest.approx(0.01)
    online = list(model.backbone.parameters()) + list(model.neck.parameters())
    for q, q0, p in zip(model.target_net.parameters(), before, online):
        torch.testing.assert_close(q, 0.99 * q0 + 0.01 * p)


def test_a_few_steps_lower_the_loss():
    torch.manual_seed(0)
    model = tiny_byol()
    wrapper = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.05))
    data = dict(inputs=[[v[i].mul(40).add(100).clamp(0, 255).byte()
                         for i in range(2)] for v in views()],
                data_samples=None)
    losses = [model.train_step(data, wrapper)['loss'].item()
              for _ in range(3)]
    assert losses[-1] < losses[0]


def test_tensor_and_predict_modes():
    model = tiny_byol().eval()
    feats = model(views(), mode='tensor')
    assert feats.shape == (2, 512, 3, 1, 1)
    samples = model(views(), mode='predict')
    assert len(samples) == 2 and samples[0].pred_feat.shape == (512, 3, 1, 1)
    with pytest.raises(RuntimeError, match='Invalid mode'):
        model(views(), mode='nope')
