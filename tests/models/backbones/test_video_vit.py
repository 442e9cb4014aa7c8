"""VideoViT: shapes, per-frame un-folding, presets, freezing, hand-over to
GRUVAHead and to mmaction2's VisionTransformer."""
import pytest
import torch

from mmaction.models.backbones.vit_mae import VisionTransformer
from mmaction_vaerr.models.backbones import VideoViT
from mmaction_vaerr.models.backbones.video_vit import ARCHS
from mmaction_vaerr.models.heads import GRUVAHead


def tiny(**kw):
    torch.manual_seed(0)
    m = VideoViT(arch=dict(embed_dims=32, depth=2, num_heads=2), **kw)
    m.init_weights()
    return m.eval()


@pytest.mark.parametrize('t', [1, 2, 5, 8])
@pytest.mark.parametrize('unfold', ['repeat', 'linear'])
def test_per_frame_shapes(t, unfold):
    out = tiny(frame_unfold=unfold)(torch.randn(2, 1, t, 16, 24))
    assert out.shape == (2, 32, t, 2, 3)
    pooled = tiny(frame_unfold=unfold, out_format='nct')(
        torch.randn(2, 1, t, 16, 24))
    assert pooled.shape == (2, 32, t)


def test_none_keeps_tubelets_and_repeat_copies_them():
    x = torch.randn(1, 1, 6, 16, 16)
    steps = tiny(frame_unfold='none')(x)
    assert steps.shape == (1, 32, 3, 2, 2)
    frames = tiny(frame_unfold='repeat')(x)
    torch.testing.assert_close(frames, steps.repeat_interleave(2, dim=2))
    lin = tiny(frame_unfold='linear')(x)
    # frame centres 0.25 / 0.75 of a tubelet: a blend of neighbours, with
    # the outer frames clamped to the first / last tubelet
    torch.testing.assert_close(lin[:, :, 0], steps[:, :, 0])
    torch.testing.assert_close(lin[:, :, 1], 0.75 * steps[:, :, 0] +
                               0.25 * steps[:, :, 1])


def test_odd_length_pads_with_last_frame():
    x = torch.randn(1, 1, 5, 16, 16)
    padded = torch.cat([x, x[:, :, -1:]], dim=2)
    m = tiny()
    torch.testing.assert_close(m(x), m(padded)[:, :, :5])


def test_presets_and_errors():
    for name, arch in ARCHS.items():
        m = VideoViT(arch=name, depth=1)
        assert m.embed_dims == arch['embed_dims'] == m.feat_dim
        assert m.num_heads == arch['num_heads'] and len(m.blocks) == 1
    assert len(VideoViT('tiny').blocks) == 12
    with pytest.raises(ValueError, match='arch'):
        VideoViT('huge')
    with pytest.raises(ValueError, match='frame_unfold'):
        VideoViT(frame_unfold='nearest')
    with pytest.raises(ValueError, match='multiple of patch_size'):
        tiny()(torch.randn(1, 1, 2, 20, 16))
    with pytest.raises(ValueError, match=r'\(N, C, T, H, W\)'):
        tiny()(torch.randn(1, 2, 16, 16))


def test_frozen_modes():
    m = tiny(frozen='patch_embed')
    assert not any(p.requires_grad for p in m.patch_embed.parameters())
    assert all(p.requires_grad for p in m.blocks.parameters())
    m = tiny(frozen='all').train()
    assert not any(p.requires_grad for p in m.parameters())
    assert not m.training


def test_gru_head_on_vit_features():
    head = GRUVAHead(in_channels=32, hidden_channels=8, num_layers=1)
    for t in (3, 8):
        reg, logits = head(tiny()(torch.randn(2, 1, t, 16, 16)))
        assert reg.shape == (2, t, 2) and logits.shape == (2, t, 2, 20)


def test_checkpoint_loads_into_mmaction2_vision_transformer(tmp_path):
    """Same weights, same tubelet features as mmaction2's VideoMAE ViT when
    the clip length equals its ``num_frames``."""
    m = tiny(frame_unfold='none')
    path = str(tmp_path / 'pretext.pth')
    torch.save({'state_dict': {'backbone.' + k: v
                               for k, v in m.state_dict().items()}}, path)
    vit = VisionTransformer(
        img_size=16, patch_size=8, in_channels=1, embed_dims=32, depth=2,
        num_heads=2, num_frames=4, tubelet_size=2, use_mean_pooling=False,
        return_feat_map=True,
        init_cfg=dict(type='Pretrained', checkpoint=path, prefix='backbone.'))
    vit.init_weights()
    vit.eval()
    x = torch.randn(2, 1, 4, 16, 16)
    with torch.no_grad():
        torch.testing.assert_close(vit(x), m(x))
    own = VideoViT(arch=dict(embed_dims=32, depth=2, num_heads=2),
                   init_cfg=dict(type='Pretrained', checkpoint=path,
                                 prefix='backbone.'))
    own.init_weights()
    for k, v in m.state_dict().items():
        torch.testing.assert_close(own.state_dict()[k], v)
