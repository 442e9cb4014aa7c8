"""TCNVAHead and TransformerVAHead: the GRU head's contract on new models."""
import pytest
import torch

from mmaction_vaerr.models.heads import (GRUVAHead, TCNVAHead,
                                         TransformerVAHead, window_spans)
from mmaction_vaerr.testing.samples import va_samples

SMALL = dict(
    tcn=lambda **k: TCNVAHead(in_channels=8, channels=(6, 6), **k),
    tcn_centred=lambda **k: TCNVAHead(in_channels=8, channels=(6, 6),
                                      causal=False, **k),
    transformer=lambda **k: TransformerVAHead(
        in_channels=8, embed_dims=8, num_layers=2, num_heads=2, **k))


@pytest.mark.parametrize('kind', sorted(SMALL))
@pytest.mark.parametrize('t', [1, 4, 13, 30])
def test_exact_output_shapes(kind, t):
    head = SMALL[kind]()
    reg, logits = head(torch.randn(3, 8, t, 2, 2))
    assert reg.shape == (3, t, 2) and logits.shape == (3, t, 2, 20)
    reg, logits = head(torch.randn(3, 8, max(t // 2, 1)), num_frames=t)
    assert reg.shape == (3, t, 2) and logits.shape == (3, t, 2, 20)
    out = head.eval().predict(torch.randn(2, 8, t), va_samples(2, t))
    assert out[0].pred_va.shape == (t, 2)
    assert out[0].pred_va_prob.shape == (t, 2, 20)


@pytest.mark.parametrize('kind', sorted(SMALL))
def test_loss_trains_every_parameter(kind):
    torch.manual_seed(0)
    head = SMALL[kind]()
    losses = head.loss(torch.randn(2, 8, 9), va_samples(2, 9))
    assert {'loss_ccc', 'loss_mse', 'loss_ce'} <= set(losses)
    sum(v for k, v in losses.items() if k.startswith('loss')).backward()
    no_grad = [n for n, p in head.named_parameters() if p.grad is None]
    assert not no_grad


def test_causal_tcn_streams_frame_by_frame_exactly():
    torch.manual_seed(0)
    head = TCNVAHead(in_channels=8, channels=(6, 6, 6), kernel_size=3,
                     dropout=0.5).eval()
    assert head.causal and head.receptive_field == 1 + 2 * 2 * 7
    x = torch.randn(2, 40, 8)
    reg, logits, _ = head.temporal(x)
    state, regs, lgs = None, [], []
    for t in range(40):
        r, lg, state = head.temporal(x[:, t:t + 1], state)
        regs.append(r)
        lgs.append(lg)
    torch.testing.assert_close(torch.cat(regs, 1), reg, atol=1e-5, rtol=0)
    torch.testing.assert_close(torch.cat(lgs, 1), logits, atol=1e-5, rtol=0)
    # uneven chunks too; and the future never leaks into the past
    state, parts = None, []
    for a, b in [(0, 7), (7, 8), (8, 29), (29, 40)]:
        r, _, state = head.temporal(x[:, a:b], state)
        parts.append(r)
    torch.testing.assert_close(torch.cat(parts, 1), reg, atol=1e-5, rtol=0)
    x2 = x.clone()
    x2[:, 25:] = 9.0
    torch.testing.assert_close(head.temporal(x2)[0][:, :25], reg[:, :25])


def test_centred_tcn_sees_both_sides_and_refuses_state():
    head = TCNVAHead(in_channels=4, channels=(4,), kernel_size=3,
                     causal=False).eval()
    assert not head.causal
    x = torch.randn(1, 10, 4)
    x2 = x.clone()
    x2[:, 6] = 5.0
    reg, reg2 = head.temporal(x)[0], head.temporal(x2)[0]
    assert not torch.allclose(reg[:, 5], reg2[:, 5])   # one frame ahead
    torch.testing.assert_close(reg[:, :4], reg2[:, :4])  # beyond the field
    with pytest.raises(ValueError, match='state'):
        head.temporal(x, [torch.zeros(1, 4, 2)] * 2)
    with pytest.raises(ValueError, match='odd'):
        TCNVAHead(kernel_size=4, causal=False)


def test_transformer_windows_equal_manual_windows():
    torch.manual_seed(0)
    head = TransformerVAHead(in_channels=8, embed_dims=8, num_layers=1,
                             num_heads=2, window=10, overlap=4).eval()
    x = torch.randn(1, 23, 8)
    reg = head.temporal(x)[0]
    parts = [head.temporal(x[:, a:b])[0][:, lo - a:hi - a]
             for a, b, lo, hi in window_spans(23, 10, 4)]
    torch.testing.assert_close(torch.cat(parts, 1), reg)
    head.window = None                       # whole sequence: differs
    assert not torch.allclose(head.temporal(x)[0], reg)
    with pytest.raises(ValueError, match='state'):
        head.temporal(x, torch.zeros(1))
    assert not head.causal


def test_window_spans_tile_the_sequence():
    for total, window, overlap in [(1, 5, 0), (23, 10, 4), (100, 7, 5),
                                   (50, 50, 10), (51, 50, 10)]:
        spans = window_spans(total, window, overlap)
        kept = [i for _, _, lo, hi in spans for i in range(lo, hi)]
        assert kept == list(range(total))
        for a, b, lo, hi in spans:
            assert a <= lo < hi <= b and b - a <= window
    with pytest.raises(ValueError, match='overlap'):
        window_spans(10, 4, 4)


@pytest.mark.parametrize('cls', [GRUVAHead, TCNVAHead, TransformerVAHead])
def test_bad_arguments(cls):
    kw = dict(num_heads=2, embed_dims=8) if cls is TransformerVAHead else {}
    for bad in (-1, 0, 2.5):
        with pytest.raises(ValueError, match='num_bins'):
            cls(in_channels=8, num_bins=bad, **kw)
