"""Shapes, losses and predictions of the categorical and multi-task heads."""
import pytest
import torch

from mmaction.registry import MODELS
from mmaction.structures import ActionDataSample


def samples(n, t, expr=True, au=True, va=False, label=None):
    g = torch.Generator().manual_seed(t)
    out = []
    for _ in range(n):
        ds = ActionDataSample()
        ds.set_metainfo(dict(clip_len=t))
        ds.frame_mask = torch.rand(t, generator=g) > 0.2
        if expr:
            ds.gt_expr = torch.randint(-1, 8, (t, ), generator=g)
        if au:
            ds.gt_au = torch.randint(-1, 2, (t, 12), generator=g)
        if va:
            v = torch.rand(t, 2, generator=g) * 2 - 1
            v[: t // 3] = float('nan')
            ds.gt_va = v
        if label is not None:
            ds.set_gt_label(label)
        out.append(ds)
    return out


SMALL_TRUNK = dict(type='GRUTrunk', hidden_channels=8, num_layers=1)


@pytest.mark.parametrize('t', [1, 7, 16])
@pytest.mark.parametrize('feat_shape', ['ncthw', 'nct', 'strided'])
def test_frame_heads_shapes(t, feat_shape):
    if feat_shape == 'ncthw':
        x = torch.randn(2, 32, t, 3, 3)
    elif feat_shape == 'nct':
        x = torch.randn(2, 32, t)
    else:   # a backbone that strides in time: aligned to the T labels
        x = torch.randn(2, 32, max(t // 2, 1), 2, 2)
    expr = MODELS.build(dict(type='FrameExprHead', in_channels=32,
                             trunk=SMALL_TRUNK))
    au = MODELS.build(dict(type='FrameAUHead', in_channels=32, trunk=None))
    assert expr(x, t).shape == (2, t, 8)
    assert au(x, t).shape == (2, t, 12)
    mtl = MODELS.build(dict(type='MultiTaskHead', in_channels=32,
                            trunk=SMALL_TRUNK))
    reg, bins, e, a = mtl(x, t)
    assert (reg.shape, bins.shape, e.shape, a.shape) == (
        (2, t, 2), (2, t, 2, 20), (2, t, 8), (2, t, 12))
    ds = samples(2, t, va=True)
    out = mtl.predict(x, ds)
    assert out[0].pred_va.shape == (t, 2)
    assert out[0].pred_expr.shape == (t, 8)
    assert torch.allclose(out[0].pred_expr.sum(-1), torch.ones(t))
    assert out[0].pred_au.shape == (t, 12)


def test_losses_train_the_heads():
    torch.manual_seed(0)
    x = torch.randn(2, 16, 10)
    ds = samples(2, 10, va=True)
    for cfg, key in [(dict(type='FrameExprHead'), 'loss_expr'),
                     (dict(type='FrameAUHead'), 'loss_au')]:
        head = MODELS.build(dict(cfg, in_channels=16, trunk=SMALL_TRUNK))
        opt = torch.optim.Adam(head.parameters(), 0.05)
        first = None
        for _ in range(30):
            loss = head.loss(x, ds)[key]
            first = first if first is not None else float(loss.detach())
            opt.zero_grad()
            loss.backward()
            opt.step()
        assert float(loss.detach()) < 0.5 * first


def test_multitask_missing_tasks_add_no_loss():
    x = torch.randn(2, 16, 6)
    mtl = MODELS.build(dict(type='MultiTaskHead', in_channels=16,
                            trunk=SMALL_TRUNK,
                            task_weights=dict(au=0.5)))
    losses = mtl.loss(x, samples(2, 6, au=False, va=True))
    assert 'loss_expr' in losses and 'loss_au' not in losses
    assert torch.isfinite(losses['loss_ccc'])
    only_expr = samples(2, 6, au=False)
    assert set(k for k in mtl.loss(x, only_expr) if k.startswith('loss')) \
        == {'loss_expr'}
    no_va = samples(2, 6, va=True)
    for ds in no_va:
        ds.gt_va = torch.full((6, 2), float('nan'))
    out = mtl.loss(x, no_va)
    assert float(out['loss_va'].detach()) == 0
    with pytest.raises(KeyError, match='none of'):
        mtl.loss(x, samples(2, 6, expr=False, au=False))
    with pytest.raises(ValueError, match='unknown tasks'):
        MODELS.build(dict(type='MultiTaskHead', task_weights=dict(x=1)))


@pytest.mark.parametrize('pooling,trunk', [('mean', None),
                                           ('attentive', None),
                                           ('mean', SMALL_TRUNK),
                                           ('attentive', SMALL_TRUNK)])
def test_clip_head(pooling, trunk):
    head = MODELS.build(dict(type='ClipEmotionHead', in_channels=16,
                             num_classes=6, pooling=pooling, trunk=trunk))
    x = torch.randn(3, 16, 4, 3, 3)
    assert head(x).shape == (3, 6)
    ds = samples(3, 4, expr=False, au=False, label=2)
    losses = head.loss(x, ds)
    assert torch.isfinite(losses['loss_cls'])
    out = head.predict(torch.randn(6, 16, 4, 3, 3), ds)   # 2 clips each
    assert out[0].pred_score.shape == (6, )
    assert float(out[0].pred_score.sum()) == pytest.approx(1.0)


def test_attentive_pooling_order_free_and_trainable():
    """Pooling ignores token order and learns to pick the marked token."""
    torch.manual_seed(0)
    pool = MODELS.build(dict(type='AttentivePooling', channels=8,
                             num_heads=2))
    x = torch.randn(2, 5, 8)
    assert pool(x).shape == (2, 8)
    torch.testing.assert_close(pool(x), pool(x[:, torch.randperm(5)]))
    # target: the value of the one token whose first channel is large
    fc = torch.nn.Linear(8, 1)
    opt = torch.optim.Adam(list(pool.parameters()) + list(fc.parameters()),
                           0.01)
    for step in range(300):
        x = torch.randn(64, 6, 8)
        pick = torch.randint(0, 6, (64, ))
        x[torch.arange(64), pick, 0] = 4.0
        y = x[torch.arange(64), pick, 1:2]
        loss = ((fc(pool(x)) - y) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    # mean pooling can only reach the variance of the mean of the rest
    assert float(loss) < 0.3
    with pytest.raises(ValueError, match='divide'):
        MODELS.build(dict(type='AttentivePooling', channels=6, num_heads=4))
