import pytest
import torch

from mmaction_vaerr.models.necks.conformer import (ConformerEncoder,
                                                   sinusoidal_encoding)


pytestmark = pytest.mark.usefixtures('one_thread')


def _tiny(**kw):
    cfg = dict(in_channels=16, embed_dims=8, num_layers=2, num_heads=2,
               conv_kernel_size=3, dropout=0.0)
    cfg.update(kw)
    return ConformerEncoder(**cfg)


@pytest.mark.parametrize('pos_enc', ['rel_bias', 'sinusoidal'])
def test_output_shapes(pos_enc):
    torch.manual_seed(0)
    enc = _tiny(pos_enc=pos_enc)
    assert enc(torch.randn(3, 16, 7)).shape == (3, 7, 8)
    # (N, C, T, h, w) backbone output is pooled over space first
    x = torch.randn(2, 16, 5, 3, 3)
    torch.testing.assert_close(enc.eval()(x), enc(x.mean(dim=(3, 4))))
    assert len(enc.blocks) == 2
    with pytest.raises(ValueError, match='expects'):
        enc(torch.randn(2, 15, 5))


@pytest.mark.parametrize('training', [True, False])
def test_padded_frames_do_not_leak(training):
    torch.manual_seed(0)
    enc = _tiny().train(training)
    enc.rel_bias.weight.data.normal_()         # non-trivial position bias
    x = torch.randn(2, 16, 9)
    mask = torch.ones(2, 9, dtype=torch.bool)
    mask[0, 6:] = False
    y1 = enc(x, mask)
    x2 = x.clone()
    x2[0, :, 6:] = 100 * torch.randn(16, 3)    # change only padded frames
    y2 = enc(x2, mask)
    torch.testing.assert_close(y1[0, :6], y2[0, :6])
    assert (y1[0, 6:] == 0).all()
    # without the mask the same change does reach the valid frames
    assert not torch.allclose(enc(x)[0, :6], enc(x2)[0, :6])
    with pytest.raises(ValueError, match='mask'):
        enc(x, mask[:, :5])


def test_positions_matter_and_sinusoid_table():
    torch.manual_seed(0)
    enc = _tiny(conv_kernel_size=1).eval()     # attention alone mixes time
    enc.rel_bias.weight.data.normal_()
    x = torch.randn(1, 16, 6)
    perm = torch.tensor([5, 4, 3, 2, 1, 0])
    # with a non-symmetric relative bias, reversing time is not equivariant
    assert not torch.allclose(enc(x)[:, perm], enc(x[:, :, perm]), atol=1e-4)
    table = sinusoidal_encoding(4, 6)
    assert table.shape == (4, 6)
    torch.testing.assert_close(table[:, 0], torch.sin(torch.arange(4.)))
    torch.testing.assert_close(table[:, 1], torch.cos(torch.arange(4.)))


def test_bad_arguments():
    with pytest.raises(ValueError, match='divisible'):
        _tiny(num_heads=3)
    with pytest.raises(ValueError, match='odd'):
        _tiny(conv_kernel_size=4)
    with pytest.raises(ValueError, match='pos_enc'):
        _tiny(pos_enc='rope')


def test_gradients_reach_every_parameter():
    enc = _tiny()
    enc(torch.randn(2, 16, 5)).pow(2).sum().backward()
    missing = [n for n, p in enc.named_parameters() if p.grad is None]
    assert not missing
