import pytest
import torch

from mmaction.structures import ActionDataSample
from mmaction_vaerr.models.heads import GRUVAHead


def _samples(n, t, clip_len=True):
    out = []
    for _ in range(n):
        ds = ActionDataSample()
        ds.gt_va = torch.rand(t, 2) * 2 - 1
        ds.frame_mask = torch.ones(t, dtype=torch.bool)
        if clip_len:
            ds.set_metainfo(dict(clip_len=t))
        out.append(ds)
    return out


@pytest.mark.parametrize('t', [1, 5, 12])
@pytest.mark.parametrize('bidirectional', [True, False])
def test_forward_shapes(t, bidirectional):
    head = GRUVAHead(in_channels=16, hidden_channels=8,
                     bidirectional=bidirectional)
    reg, logits = head(torch.randn(3, 16, t, 2, 2))
    assert reg.shape == (3, t, 2)
    assert logits.shape == (3, t, 2, 20)
    reg3, _ = head(torch.randn(3, 16, t))
    assert reg3.shape == (3, t, 2)


def test_time_alignment_to_label_frames():
    head = GRUVAHead(in_channels=16, hidden_channels=8)
    reg, logits = head(torch.randn(2, 16, 4, 3, 3), num_frames=16)
    assert reg.shape == (2, 16, 2) and logits.shape == (2, 16, 2, 20)
    # constant features over time stay constant after interpolation
    x = torch.randn(2, 16, 1).expand(2, 16, 4)
    f = GRUVAHead.frame_features(x, 10)
    torch.testing.assert_close(f, x[:, :, :1].transpose(1, 2).expand(2, 10, 16))


def test_unidirectional_is_causal():
    head = GRUVAHead(in_channels=8, hidden_channels=8,
                     bidirectional=False).eval()
    x = torch.randn(1, 8, 10)
    reg, _ = head(x)
    x2 = x.clone()
    x2[..., 7:] = 5.0
    reg2, _ = head(x2)
    torch.testing.assert_close(reg[:, :7], reg2[:, :7])
    assert not torch.allclose(reg[:, 7:], reg2[:, 7:])


def test_loss_keys_and_mask():
    torch.manual_seed(0)
    head = GRUVAHead(in_channels=8, hidden_channels=8)
    feats = torch.randn(2, 8, 6)
    samples = _samples(2, 6)
    losses = head.loss(feats, samples)
    assert {'loss_ccc', 'loss_mse', 'loss_ce'} <= set(losses)
    sum(v for k, v in losses.items() if 'loss' in k).backward()
    assert head.fc_reg.weight.grad is not None
    # masked frames never contribute
    samples[0].frame_mask[3:] = False
    base = head.loss(feats, samples)
    samples[0].gt_va[3:] = 0.99
    again = head.loss(feats, samples)
    for k in base:
        torch.testing.assert_close(base[k], again[k])


def test_predict_fills_pred_va_per_frame():
    head = GRUVAHead(in_channels=8, hidden_channels=8).eval()
    samples = head.predict(torch.randn(2, 8, 3, 1, 1), _samples(2, 9))
    for ds in samples:
        assert ds.pred_va.shape == (9, 2)
        assert ds.pred_va_prob.shape == (9, 2, 20)
        torch.testing.assert_close(ds.pred_va_prob.sum(-1),
                                   torch.ones(9, 2))


def test_tanh_bounds_and_bad_activation():
    head = GRUVAHead(in_channels=4, hidden_channels=4, reg_activation='tanh')
    reg, _ = head(torch.randn(1, 4, 5) * 100)
    assert reg.abs().max() <= 1
    with pytest.raises(ValueError, match='reg_activation'):
        GRUVAHead(reg_activation='sigmoid')
    with pytest.raises(ValueError, match='features'):
        head(torch.randn(2, 4))


def test_pred_range_clips_in_eval_only():
    torch.manual_seed(0)
    head = GRUVAHead(in_channels=4, hidden_channels=4, pred_range=(-1, 1))
    with torch.no_grad():
        head.fc_reg.bias.fill_(3.0)        # raw outputs far above 1
    x = torch.randn(1, 4, 6)
    raw, _ = head.train()(x)
    assert raw.min() > 1.5                  # training: raw, gradients flow
    clipped, _ = head.eval()(x)
    torch.testing.assert_close(clipped, torch.ones_like(clipped))
    out = head.predict(x, _samples(1, 6))[0].pred_va
    torch.testing.assert_close(out, torch.ones(6, 2))
    head.pred_range = None                  # unclipped head: raw in eval too
    torch.testing.assert_close(head(x)[0], raw)
    with pytest.raises(ValueError, match='pred_range'):
        GRUVAHead(pred_range=(1, -1))
