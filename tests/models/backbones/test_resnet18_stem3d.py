import pytest
import torch

from mmaction.registry import MODELS
from mmaction_vaerr.models.backbones import ResNet18Stem3D


@pytest.mark.parametrize('t', [1, 3, 8])
def test_output_shapes_keep_time(t):
    m = ResNet18Stem3D().eval()
    x = torch.randn(2, 1, t, 96, 96)
    assert m(x).shape == (2, 512, t, 3, 3)
    m.out_format = 'nct'
    assert m(x).shape == (2, 512, t)


def test_stem_matches_paper_spec():
    m = ResNet18Stem3D()
    conv = m.stem[0]
    assert isinstance(conv, torch.nn.Conv3d)
    assert (conv.in_channels, conv.out_channels) == (1, 64)
    assert conv.kernel_size == (5, 7, 7)
    assert conv.stride == (1, 2, 2)
    assert conv.padding == (2, 3, 3)
    assert conv.bias is None
    pool = m.stem[3]
    assert pool.kernel_size == (1, 3, 3) and pool.stride == (1, 2, 2)
    assert pool.padding == (0, 1, 1)
    blocks = [len(getattr(m, f'layer{i}')) for i in range(1, 5)]
    assert blocks == [2, 2, 2, 2]
    widths = [getattr(m, f'layer{i}')[-1].conv2.out_channels
              for i in range(1, 5)]
    assert widths == [64, 128, 256, 512]


def test_frames_are_processed_independently_by_trunk():
    # The temporal kernel (5) mixes +-2 frames in the stem only; frames more
    # than 2 apart must not influence each other.
    m = ResNet18Stem3D(out_format='nct').eval()
    x = torch.randn(1, 1, 9, 96, 96)
    y = m(x)
    x2 = x.clone()
    x2[:, :, 8] = torch.randn(96, 96)
    y2 = m(x2)
    torch.testing.assert_close(y[..., :6], y2[..., :6])
    assert not torch.allclose(y[..., 8], y2[..., 8])


def test_prelu_variant():
    m = ResNet18Stem3D(act='prelu')
    assert isinstance(m.stem[2], torch.nn.PReLU)
    assert isinstance(m.layer1[0].act1, torch.nn.PReLU)
    assert m(torch.randn(1, 1, 2, 96, 96)).shape == (1, 512, 2, 3, 3)


def _train_step(m):
    before = {k: v.clone() for k, v in m.state_dict().items()}
    # an extra trainable layer on top, so a fully frozen backbone still
    # takes part in a real optimisation step
    top = torch.nn.Linear(512, 1)
    params = [p for p in m.parameters() if p.requires_grad]
    opt = torch.optim.SGD(params + list(top.parameters()), lr=0.1)
    m.train()
    feats = m(torch.randn(2, 1, 3, 96, 96)).mean(dim=(2, 3, 4))
    top(feats).pow(2).mean().backward()
    opt.step()
    return before


def test_frozen_stem_conv_only_first_conv_fixed():
    m = ResNet18Stem3D(frozen='stem_conv')
    before = _train_step(m)
    assert m.stem[0].weight.grad is None
    torch.testing.assert_close(m.stem[0].weight, before['stem.0.weight'])
    assert m.stem[1].weight.grad is not None
    assert not torch.equal(m.layer1[0].conv1.weight,
                           before['layer1.0.conv1.weight'])


def test_frozen_all_nothing_changes_bn_stats_included():
    m = ResNet18Stem3D(frozen='all')
    before = _train_step(m)
    assert all(p.grad is None for p in m.parameters())
    for k, v in m.state_dict().items():
        torch.testing.assert_close(v, before[k], msg=k)
    assert not m.stem[1].training


def test_frozen_none_trains_everything():
    m = ResNet18Stem3D()
    _train_step(m)
    assert all(p.grad is not None for p in m.parameters())


def test_bad_arguments():
    with pytest.raises(ValueError, match='frozen'):
        ResNet18Stem3D(frozen='stem')
    with pytest.raises(ValueError, match='out_format'):
        ResNet18Stem3D(out_format='nchw')
    with pytest.raises(ValueError, match='N, C, T, H, W'):
        ResNet18Stem3D()(torch.randn(1, 96, 96))


def test_pretrained_init_with_prefix(tmp_path):
    src = ResNet18Stem3D()
    ckpt = tmp_path / 'pretext.pth'
    torch.save({'state_dict': {f'backbone.{k}': v for k, v in
                               src.state_dict().items()} |
                {'neck.fc.weight': torch.zeros(2)}}, ckpt)
    m = MODELS.build(dict(type='ResNet18Stem3D', frozen='stem_conv',
                          init_cfg=dict(type='Pretrained',
                                        checkpoint=str(ckpt),
                                        prefix='backbone.')))
    m.init_weights()
    for k, v in src.state_dict().items():
        torch.testing.assert_close(m.state_dict()[k], v, msg=k)
    assert not m.stem[0].weight.requires_grad


def test_pretrained_init_nothing_matched_is_an_error(tmp_path):
    ckpt = tmp_path / 'other.pth'
    torch.save({'state_dict': {'encoder.w': torch.zeros(3)}}, ckpt)
    m = ResNet18Stem3D(init_cfg=dict(type='Pretrained', checkpoint=str(ckpt),
                                     prefix='backbone'))
    with pytest.raises(RuntimeError, match='no parameter under prefix'):
        m.init_weights()


def test_temporal_halo_and_snippet_output():
    from mmaction.registry import MODELS
    from mmaction_vaerr.apis import temporal_halo
    net = ResNet18Stem3D(out_format='snippet').eval()
    assert net.temporal_halo == 2 == temporal_halo(net)
    tap = MODELS.build(dict(type='ResNet18TapStem'))
    assert tap.temporal_halo == 2
    x = torch.randn(2, 1, 3, 32, 32)
    out = net(x)
    assert out.shape == (2, 512, 1, 1)
    net.out_format = 'ncthw'
    torch.testing.assert_close(out, net(x).mean(dim=2))
    assert temporal_halo(torch.nn.Conv3d(1, 1, 1)) == 0   # unknown: none


def test_zero_init_residual_starts_every_block_as_identity():
    m = ResNet18Stem3D(zero_init_residual=True)
    m.init_weights()
    blocks = [b for layer in (m.layer1, m.layer2, m.layer3, m.layer4)
              for b in layer]
    assert all(float(b.bn2.weight.abs().sum()) == 0 for b in blocks)
    assert all(float(b.bn1.weight.abs().sum()) > 0 for b in blocks)
    # a block without a projection is then relu(x): x itself for x >= 0
    block = m.layer1[1].eval()
    x = torch.rand(2, 64, 12, 12)
    torch.testing.assert_close(block(x), x)
    # the default keeps PyTorch's init (gamma 1)
    plain = ResNet18Stem3D()
    plain.init_weights()
    assert float(plain.layer1[0].bn2.weight.min()) == 1.0


def test_pretrained_init_overrides_zero_init_residual(tmp_path):
    src = ResNet18Stem3D()
    path = str(tmp_path / 'src.pth')
    torch.save({'state_dict': {f'backbone.{k}': v for k, v in
                               src.state_dict().items()}}, path)
    m = ResNet18Stem3D(zero_init_residual=True, init_cfg=dict(
        type='Pretrained', checkpoint=path, prefix='backbone'))
    m.init_weights()
    torch.testing.assert_close(m.layer2[1].bn2.weight,
                               src.layer2[1].bn2.weight)


@pytest.mark.parametrize('cls_name', ['ResNet18Stem3D', 'ResNet18TapStem'])
def test_base_channels_scales_every_stage_and_the_output(cls_name):
    m = MODELS.build(dict(type=cls_name, base_channels=32)).eval()
    assert m.feat_dim == 256
    widths = [getattr(m, f'layer{i}')[-1].conv2.out_channels
              for i in range(1, 5)]
    assert widths == [32, 64, 128, 256]
    x = torch.randn(2, 1, 4, 96, 96)
    with torch.no_grad():
        assert m(x).shape == (2, 256, 4, 3, 3)
    full = sum(p.numel() for p in MODELS.build(dict(type=cls_name))
               .parameters())
    half = sum(p.numel() for p in m.parameters())
    assert 0.2 < half / full < 0.3          # parameters scale as width^2


@pytest.mark.parametrize('bad', [0, -8, 32.0, True])
def test_bad_base_channels_are_refused(bad):
    with pytest.raises(ValueError, match='base_channels'):
        ResNet18Stem3D(base_channels=bad)
