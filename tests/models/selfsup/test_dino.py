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


def test_iteration_based_warmup_and_freeze(hub):
    """Iteration-based runs (max_epochs = 1) count both lengths in iters."""
    model = tiny_dino(teacher_temp=0.07, warmup_teacher_temp=0.04,
                      warmup_teacher_temp_epochs=None,
                      warmup_teacher_temp_iters=100,
                      freeze_last_layer_epochs=None,
                      freeze_last_layer_iters=10)
    hub.update_info('max_iters', 1000)
    hub.update_info('max_epochs', 1)      # what IterBasedTrainLoop reports
    hub.update_info('iter', 50)
    assert model.teacher_temperature() == pytest.approx(0.055)
    assert not model.last_layer_frozen()
    hub.update_info('iter', 9)
    assert model.last_layer_frozen()
    hub.update_info('iter', 100)
    assert model.teacher_temperature() == pytest.approx(0.07)
    # epoch lengths: the first epoch of 100 iterations is frozen
    epochs = tiny_dino(warmup_teacher_temp_epochs=30)
    hub.update_info('max_epochs', 10)
    hub.update_info('iter', 99)
    assert epochs.last_layer_frozen()
    hub.update_info('iter', 100)
    assert not epochs.last_layer_frozen()


def test_epoch_length_covering_the_run_warns_once(hub, monkeypatch):
    """freeze_last_layer_epochs=1 (the default) in an iteration-based run
    (max_epochs = 1) would freeze the prototypes for the whole run."""
    from mmaction_vaerr.models.selfsup import dino as dino_module
    said = []
    monkeypatch.setattr(dino_module, 'print_log',
                        lambda msg, **kw: said.append(msg))
    model = tiny_dino()                   # both lengths in epochs
    hub.update_info('max_iters', 100)
    hub.update_info('max_epochs', 1)
    hub.update_info('iter', 0)
    model._check_lengths()
    model._check_lengths()                # once per model
    assert len(said) == 2
    assert 'freeze_last_layer_epochs=1 ' in said[0]
    assert 'warmup_teacher_temp_epochs=30 ' in said[1]
    ok = tiny_dino(freeze_last_layer_epochs=None, freeze_last_layer_iters=10,
                   warmup_teacher_temp_epochs=None,
                   warmup_teacher_temp_iters=20)
    said.clear()
    ok._check_lengths()
    assert not said


@pytest.mark.parametrize('kwargs', [
    dict(warmup_teacher_temp_iters=10),                    # both given
    dict(freeze_last_layer_epochs=None),                   # neither given
    dict(freeze_last_layer_epochs=None, freeze_last_layer_iters=-1)])
def test_lengths_in_epochs_or_iterations(kwargs):
    with pytest.raises(ValueError, match='epochs|>= 0'):
        tiny_dino(**kwargs)


def test_last_layer_gets_no_gradient_while_frozen(hub):
    """DINO's freeze_last_layer: no update of the prototypes in epoch 1,
    the rest of the student trains; afterwards the prototypes move."""
    torch.manual_seed(0)
    model = tiny_dino()
    wrapper = OptimWrapper(torch.optim.AdamW(model.parameters(), lr=1e-2))
    data = dict(inputs=[[v[i].mul(40).add(100).clamp(0, 255).byte()
                         for i in range(2)] for v in views()],
                data_samples=None)
    last = model.head.projector.last_layer.weight_v
    first = model.head.projector.mlp[0].weight
    hub.update_info('max_iters', 20)
    hub.update_info('max_epochs', 2)
    hub.update_info('iter', 3)                      # epoch 0: frozen
    v0, m0 = F.normalize(last.detach(), dim=1), first.detach().clone()
    model.train_step(data, wrapper)
    # AdamW's decoupled decay only rescales weight_v; the prototypes
    # (its normalised rows) stay put
    torch.testing.assert_close(F.normalize(last.detach(), dim=1), v0)
    assert not torch.equal(first, m0)
    hub.update_info('iter', 10)                     # epoch 1: trained
    model.train_step(data, wrapper)
    assert not torch.allclose(F.normalize(last.detach(), dim=1), v0)
