"""What every VA head shares: input kinds, outputs built from the loss,
num_bins reaching the loss, and checkpoints of earlier versions."""
import pytest
import torch

from mmaction_vaerr.models.heads import GRUVAHead, frame_features
from mmaction_vaerr.testing.samples import va_samples

CCC_ONLY = dict(type='VACompositeLoss', weights=dict(ccc=1.0))


def test_frame_folded_4d_features_unfold_time():
    x5 = torch.randn(2, 6, 5, 3, 3)                         # N, C, T, H, W
    x4 = x5.permute(0, 2, 1, 3, 4).reshape(10, 6, 3, 3)     # N*T, C, H, W
    ref = frame_features(x5)
    torch.testing.assert_close(frame_features(x4, num_segs=5), ref)
    torch.testing.assert_close(frame_features(x4, num_samples=2), ref)
    head = GRUVAHead(in_channels=6, hidden_channels=4).eval()
    torch.testing.assert_close(head(x4, num_segs=5)[0], head(x5)[0])
    out = head.predict(x4, va_samples(2, 5))              # T from the batch
    torch.testing.assert_close(out[0].pred_va, head(x5)[0][0])
    with pytest.raises(ValueError, match='num_segs'):
        head(x4)
    head.num_segments = 5                               # from the config
    torch.testing.assert_close(head(x4)[0], head(x5)[0])


def test_clip_features_broadcast_or_rejected():
    x = torch.randn(2, 6)
    with pytest.raises(ValueError, match="clip_features='broadcast'"):
        GRUVAHead(in_channels=6, hidden_channels=4)(x, num_frames=7)
    head = GRUVAHead(in_channels=6, hidden_channels=4,
                     clip_features='broadcast')
    feats = head.align(x, 7)
    assert feats.shape == (2, 7, 6)
    torch.testing.assert_close(feats, x[:, None].expand(2, 7, 6))
    assert head(x, num_frames=7)[0].shape == (2, 7, 2)
    losses = head.loss(x, va_samples(2, 7))
    assert torch.isfinite(losses['loss_ccc'])
    with pytest.raises(ValueError, match='clip_features'):
        GRUVAHead(clip_features='repeat')


def test_num_bins_reaches_the_loss():
    head = GRUVAHead(in_channels=4, hidden_channels=4, num_bins=10,
                     loss_va=dict(type='VACompositeLoss',
                                  weights=dict(ccc=0.5, ce=0.25, ncce=0.25)))
    assert head.loss_va.components['ce'].num_bins == 10
    x = torch.randn(2, 4, 6)
    assert head(x)[1].shape == (2, 6, 2, 10)
    head.loss_va.components['ncce'].set_centroids(
        torch.linspace(-0.9, 0.9, 10).repeat(2, 1))
    losses = head.loss(x, va_samples(2, 6))
    assert torch.isfinite(sum(v for k, v in losses.items() if 'loss' in k))
    with pytest.raises(ValueError, match='num_bins'):
        GRUVAHead(num_bins=10, loss_va=dict(type='VACompositeLoss',
                                            num_bins=20))


def test_loss_is_loss_va_and_classes_are_bins():
    head = GRUVAHead(in_channels=4, hidden_channels=4, num_bins=12)
    assert not hasattr(head, 'loss_cls')
    assert type(head.loss_va).__name__ == 'VACompositeLoss'
    assert head.num_classes == 12


def test_classifier_only_when_the_loss_uses_it():
    head = GRUVAHead(in_channels=4, hidden_channels=4, loss_va=CCC_ONLY)
    assert head.fc_cls is None and not head.with_cls
    reg, logits = head(torch.randn(2, 4, 5))
    assert logits is None and reg.shape == (2, 5, 2)
    losses = head.loss(torch.randn(2, 4, 5), va_samples(2, 5))
    sum(v for k, v in losses.items() if k.startswith('loss')).backward()
    assert all(p.grad is not None for p in head.parameters())
    out = head.eval().predict(torch.randn(1, 4, 5), va_samples(1, 5))[0]
    assert out.pred_va.shape == (5, 2) and 'pred_va_prob' not in out
    kept = GRUVAHead(in_channels=4, hidden_channels=4, loss_va=CCC_ONLY,
                     with_cls=True)
    assert kept.fc_cls is not None
    with pytest.raises(ValueError, match='with_cls'):
        GRUVAHead(with_cls=False)          # the default loss has ce


def test_checkpoints_of_earlier_versions_load():
    ncce = dict(type='VACompositeLoss', weights=dict(ccc=0.5, ncce=0.5))
    head = GRUVAHead(in_channels=4, hidden_channels=4, loss_va=ncce)
    state = head.state_dict()
    cent = torch.linspace(-0.5, 0.5, 20).repeat(2, 1)
    old = {k.replace('loss_va.', 'loss_cls.'): v for k, v in state.items()}
    old['loss_cls.components.ncce.centroids'] = cent
    old['loss_cls.components.ncce.centroids_ready'] = torch.tensor(True)
    fresh = GRUVAHead(in_channels=4, hidden_channels=4, loss_va=ncce)
    fresh.load_state_dict(old, strict=True)
    torch.testing.assert_close(
        fresh.loss_va.components['ncce'].centroids, cent)
    # a ccc-only checkpoint of an earlier version had an (untrained) fc_cls
    full = GRUVAHead(in_channels=4, hidden_channels=4).state_dict()
    ccc = GRUVAHead(in_channels=4, hidden_channels=4, loss_va=CCC_ONLY)
    ccc.load_state_dict(full, strict=True)
    torch.testing.assert_close(ccc.fc_reg.weight, full['fc_reg.weight'])


def test_config_num_bins_trains_and_bad_values_refused():
    """``cls_head.num_bins=10`` in a shipped config trains (issue 13.11)."""
    import os.path as osp
    from mmengine.config import Config
    from mmengine.optim import build_optim_wrapper
    from mmaction.registry import MODELS
    repo = osp.dirname(osp.dirname(osp.dirname(osp.dirname(
        osp.abspath(__file__)))))
    cfg = Config.fromfile(osp.join(
        repo, 'configs', 'vaerr',
        'vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py'))
    cfg.model.cls_head.num_bins = 10
    cfg.model.cls_head.hidden_channels = 8
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    data = dict(inputs=[torch.rand(1, 1, 4, 32, 32) * 255 for _ in range(2)],
                data_samples=va_samples(2, 4))
    log = model.train_step(data, build_optim_wrapper(model,
                                                     cfg.optim_wrapper))
    assert torch.isfinite(log['loss'])
    for bad in (-1, 0):
        cfg.model.cls_head.num_bins = bad
        with pytest.raises(ValueError, match='num_bins'):
            MODELS.build(cfg.model)
