"""TCNTrunk / TransformerTrunk: exact shapes for several T, causality of the
causal TCN, use under the categorical and multi-task heads, clear errors."""
import pytest
import torch

from mmaction.registry import MODELS
from mmaction_vaerr.models.heads import TCNTrunk, TransformerTrunk


@pytest.mark.parametrize('trunk,out', [
    (dict(type='TCNTrunk', channels=(16, 12), kernel_size=5), 12),
    (dict(type='TCNTrunk', channels=(8, ), kernel_size=2, causal=True), 8),
    (dict(type='TransformerTrunk', embed_dims=16, num_layers=2,
          num_heads=2), 16)])
@pytest.mark.parametrize('t', [1, 7, 32])
def test_shapes(trunk, out, t):
    torch.manual_seed(0)
    m = MODELS.build(dict(trunk, in_channels=10)).eval()
    assert m.out_channels == out
    assert m(torch.randn(3, t, 10)).shape == (3, t, out)


def test_causal_tcn_ignores_the_future_and_centred_does_not():
    torch.manual_seed(0)
    x = torch.randn(1, 20, 6)
    y = x.clone()
    y[:, 12:] += 5.0          # change only frames 12..19
    causal = TCNTrunk(6, (8, 8), kernel_size=3, causal=True).eval()
    centred = TCNTrunk(6, (8, 8), kernel_size=3, causal=False).eval()
    with torch.no_grad():
        torch.testing.assert_close(causal(x)[:, :12], causal(y)[:, :12])
        assert not torch.allclose(centred(x)[:, :12], centred(y)[:, :12])


def test_transformer_sees_both_sides():
    torch.manual_seed(0)
    m = TransformerTrunk(6, embed_dims=8, num_layers=1, num_heads=2,
                         dropout=0.0).eval()
    x = torch.randn(1, 10, 6)
    y = x.clone()
    y[:, 9] += 3.0
    with torch.no_grad():
        assert not torch.allclose(m(x)[:, 0], m(y)[:, 0])


@pytest.mark.parametrize('trunk', [dict(type='TCNTrunk', channels=(16, )),
                                   dict(type='TransformerTrunk',
                                        embed_dims=16, num_heads=2,
                                        num_layers=1)])
def test_under_multitask_and_expr_heads(trunk):
    feats = torch.randn(2, 32, 9, 3, 3)      # (N, C, T, H, W)
    mtl = MODELS.build(dict(type='MultiTaskHead', in_channels=32,
                            trunk=trunk)).eval()
    reg, logits, expr, au = mtl(feats)
    assert (reg.shape, logits.shape, expr.shape, au.shape) == (
        (2, 9, 2), (2, 9, 2, 20), (2, 9, 8), (2, 9, 12))
    head = MODELS.build(dict(type='FrameExprHead', in_channels=32,
                             trunk=trunk)).eval()
    assert head(feats, num_frames=12).shape == (2, 12, 8)

def test_bad_input_and_arguments():
    with pytest.raises(ValueError, match=r'TCNTrunk expects \(N, T, 4\)'):
        TCNTrunk(4, (8, ))(torch.randn(2, 5, 3))
    with pytest.raises(ValueError, match='odd'):
        TCNTrunk(4, (8, ), kernel_size=4, causal=False)
    with pytest.raises(ValueError, match='multiple of num_heads'):
        TransformerTrunk(4, embed_dims=10, num_heads=4)
    with pytest.raises(ValueError, match='TransformerTrunk expects'):
        TransformerTrunk(4, embed_dims=8, num_heads=2)(torch.randn(5, 4))
