"""V-JEPA: context = complement of the target blocks, no gradient into the
target encoder, EMA on its schedule, collapse warning."""
import pytest
import torch
from mmengine.logging import MessageHub
from mmengine.optim import OptimWrapper

from mmaction_vaerr.models.selfsup import VJEPA, linear_momentum
from mmaction_vaerr.models.selfsup import vjepa as vjepa_module

ARCH = dict(embed_dims=32, depth=2, num_heads=2)


def build(**kw):
    torch.manual_seed(0)
    model = VJEPA(backbone=dict(type='VideoViT', arch=ARCH),
                  head=dict(type='VJEPAHead', in_channels=32, embed_dims=16,
                            depth=1, num_heads=2), **kw)
    model.init_weights()
    return model


def clips(n=2, t=4, size=48):
    return torch.randn(n, 1, t, size, size, generator=torch.Generator()
                       .manual_seed(0))


def test_default_masks_are_the_papers():
    model = build()
    assert [(m['num_blocks'], m['spatial_scale'], m['temporal_scale'])
            for m in model.masks] == [(8, (0.15, 0.15), (1., 1.)),
                                      (2, (0.7, 0.7), (1., 1.))]


def test_context_is_the_complement_of_the_target(monkeypatch):
    model = build()
    calls, encoded = [], []
    loss = model.head.loss
    encode = model.backbone.encode
    monkeypatch.setattr(model.head, 'loss', lambda c, ci, ti, tf: calls.append(
        (ci, ti, tf.shape)) or loss(c, ci, ti, tf))
    monkeypatch.setattr(model.backbone, 'encode',
                        lambda t: encoded.append(t.shape) or encode(t))
    out = model.loss(clips())
    num_tokens = 2 * 6 * 6
    assert len(calls) == 2                                # one per group
    for (ci, ti, shape), enc in zip(calls, encoded):
        assert shape == (2, num_tokens, 32)
        assert ci.shape[0] == ti.shape[0] == 2
        both = torch.cat([ci[0], ti[0]])
        assert sorted(both.tolist()) == list(range(num_tokens))
        assert enc == (2, ci.shape[1], 32)        # the encoder saw context
        assert ti.shape[1] > 0
    assert torch.isfinite(out['loss']) and out['target_std'] > 0


def test_target_gets_no_gradient():
    model = build()
    model.target_net.update_parameters(model.backbone)      # sync copy
    out = model.loss(clips())
    out['loss'].backward()
    assert all(not p.requires_grad and p.grad is None
               for p in model.target_net.parameters())
    assert all(p.grad is not None for p in model.backbone.parameters())
    assert all(p.grad is not None for p in model.head.parameters())


def test_ema_follows_its_schedule():
    model = build(base_momentum=0.2, end_momentum=0.0)
    hub = MessageHub.get_instance('test_vjepa_schedule')
    optim = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.5))
    hub.update_info('max_iters', 10)
    for it in range(4):
        hub.update_info('iter', it)
        online = [p.detach().clone() for p in model.backbone.parameters()]
        old = [p.clone() for p in model.target_net.module.parameters()]
        model.train_step(dict(inputs=[list(clips())], data_samples=None),
                         optim)
        m = linear_momentum(0.2, 0.0, it, 10)
        assert model.target_net.momentum == pytest.approx(m)
        for q, q0, p in zip(model.target_net.module.parameters(), old,
                            online):
            # update 0 copies the online weights; later ones apply the EMA
            expect = p if it == 0 else (1 - m) * q0 + m * p
            torch.testing.assert_close(q, expect)
    hub.update_info('iter', None)
    hub.update_info('max_iters', None)


def test_collapse_warning_once(monkeypatch):
    model = build(collapse_patience=3)
    warnings = []
    monkeypatch.setattr(vjepa_module, 'print_log',
                        lambda msg, **kw: warnings.append(msg))
    monkeypatch.setattr(model, 'target_features',
                        lambda x: torch.zeros(x.shape[0], 72, 32))
    for _ in range(8):
        out = model.loss(clips())
    assert out['target_std'] == 0
    assert len(warnings) == 1 and 'collapsed' in warnings[0]


def test_rejects_two_views():
    with pytest.raises(ValueError, match='one view'):
        build().loss([clips(), clips()])
