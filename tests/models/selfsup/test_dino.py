import uuid

import pytest
import torch
import torch.nn.functional as F
from mmengine.logging import MessageHub
from mmengine.optim import OptimWrapper

from mmaction_vaerr.models.heads.selfsup import DINOHead
from mmaction_vaerr.models.selfsup import DINO


def tiny_dino(center_momentum=0.1, **kwargs):
    head = dict(type='DINOHead', hid_channels=32, bottleneck_channels=8,
                out_channels=16,
                loss=dict(type='DINOLoss', center_momentum=center_momentum))
    return DINO(backbone=dict(type='ResNet18Stem3D'), head=head, **kwargs)


def views(n_local=2, n=2, t=3, seed=0):
    g = torch.Generator().manual_seed(seed)
    sizes = [16, 16] + [8] * n_local
    return [torch.randn(n, 1, t, s, s, generator=g) for s in sizes]


@pytest.fixture
def hub():
    yield MessageHub.get_instance(f'test-dino-{uuid.uuid4()}')
    MessageHub.get_instance(f'test-dino-clean-{uuid.uuid4()}')


def test_head_weight_normalised_last_layer():
    head = DINOHead(in_channels=6, hid_channels=10, bottleneck_channels=4,
                    out_channels=5)
    last = head.projector.last_layer
    assert not last.weight_g.requires_grad
    x = torch.randn(3, 6, 2, 1, 1)   # (N, C, T, h, w), pooled inside
    out = head(x)
    assert out.shape == (3, 5)
    z = F.normalize(head.projector.mlp(x.flatten(2).mean(2)), dim=-1)
    cos = z @ F.normalize(last.weight_v, dim=1).t()
    torch.testing.assert_close(out, cos)     # g = 1: cosine similarities
    assert out.abs().max() <= 1 + 1e-5
    free = DINOHead(in_channels=6, hid_channels=10, bottleneck_channels=4,
                    out_channels=5, norm_last_layer=False, use_bn=True)
    assert free.projector.last_layer.weight_g.requires_grad
    assert any(isinstance(m, torch.nn.BatchNorm1d)
               for m in free.projector.mlp)
    assert free.loss_module.center.shape == (1, 5)


def test_loss_gradients_teacher_and_centre():
    torch.manual_seed(0)
    model = tiny_dino()
    losses = model.loss(views())
    assert set(losses) == {'loss', 'teacher_entropy', 'kl_div'}
    assert torch.isfinite(losses['loss'])
    assert 0 <= losses['teacher_entropy'] <= torch.log(torch.tensor(16.0))
    assert losses['kl_div'] >= -1e-5 and not losses['kl_div'].requires_grad
    losses['loss'].backward()
    assert model.backbone.stem[0].weight.grad is not None
    assert model.head.projector.last_layer.weight_v.grad is not None
    assert all(p.grad is None and not p.requires_grad
               for p in model.teacher.parameters())
    assert model.head.loss_module.center.abs().sum() > 0


def test_teacher_sees_global_views_only():
    model = tiny_dino()
    calls = []
    model.teacher.register_forward_hook(
        lambda m, inp, out: calls.append(inp[0].shape))
    model.loss(views(n_local=3))
    assert calls == [(4, 1, 3, 16, 16)]      # 2 global views x 2 clips


def test_too_few_views():
    model = tiny_dino(num_global_views=2)
    with pytest.raises(ValueError, match='>= 2 views'):
        model.loss(views()[:1])


def test_schedules_from_runtime_info(hub):
    model = tiny_dino(base_momentum=0.004, teacher_temp=0.07,
                      warmup_teacher_temp=0.04, warmup_teacher_temp_epochs=30)
    assert model.teacher_temperature() == pytest.approx(0.04)
    hub.update_info('max_iters', 1000)
    hub.update_info('max_epochs', 100)
    hub.update_info('iter', 150)               # epoch 15 of 30 warm-up
    assert model.teacher_temperature() == pytest.approx(0.055)
    assert model.cosine_momentum(0.004, 0.0) == pytest.approx(
        0.004 * (1 + torch.cos(torch.tensor(torch.pi * 0.15)).item()) / 2)
    hub.update_info('iter', 400)               # after warm-up
    assert model.teacher_temperature() == pytest.approx(0.07)


@pytest.mark.parametrize('seed', [0, 3])
def test_a_few_steps_lower_the_loss(seed):
    """On a fixed batch the student fits the slowly moving teacher.

    The centre is frozen here: its first moves shift the teacher targets and
    can raise the loss for a step or two, which is DINO working as designed.
    """
    torch.manual_seed(seed)
    model = tiny_dino(center_momentum=0.0)
    wrapper = OptimWrapper(torch.optim.AdamW(model.parameters(), lr=1e-4))
    data = dict(inputs=[[v[i].mul(40).add(100).clamp(0, 255).byte()
                         for i in range(2)] for v in views(seed=seed)],
                data_samples=None)
    losses = [model.train_step(data, wrapper)['loss'].item()
              for _ in range(4)]
    assert losses[-1] < losses[0]


def test_uniform_collapse_warned_once(monkeypatch):
    """Collapse = teacher entropy at log K for ``collapse_patience`` steps."""
    import math

    import mmaction_vaerr.models.selfsup.dino as dino_module
    logged = []
    monkeypatch.setattr(dino_module, 'print_log',
                        lambda msg, **kw: logged.append(msg))
    model = tiny_dino(collapse_patience=3)
    entropy = [math.log(16)]
    monkeypatch.setattr(model.head, 'teacher_entropy',
                        lambda out, temp: torch.tensor(entropy[0]))
    v = views(n_local=0, t=2)
    with torch.no_grad():
        for _ in range(2):
            model.loss(v)
        entropy[0] = 0.5 * math.log(16)   # a live step resets the count
        model.loss(v)
        entropy[0] = math.log(16)
        for _ in range(2):
            model.loss(v)
        assert logged == []
        for _ in range(5):
            model.loss(v)
    assert len(logged) == 1 and 'uniform for 3 iterations' in logged[0]
    assert 'use_bn=True' in logged[0]
