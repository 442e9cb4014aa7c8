"""MAE / V-JEPA checkpoints initialise the downstream VideoViT by config."""
import pytest
import torch
from mmengine.optim import OptimWrapper

from mmaction_vaerr.models.backbones import VideoViT, load_backbone_weights
from mmaction_vaerr.models.selfsup import MAE, VJEPA

ARCH = dict(embed_dims=32, depth=2, num_heads=2)


def pretext(algo):
    torch.manual_seed(0)
    backbone = dict(type='VideoViT', arch=ARCH)
    if algo == 'mae':
        model = MAE(backbone=backbone, head=dict(
            type='MAEHead', in_channels=32, patch_dims=128, embed_dims=16,
            depth=1, num_heads=2))
    else:
        model = VJEPA(backbone=backbone, head=dict(
            type='VJEPAHead', in_channels=32, embed_dims=16, depth=1,
            num_heads=2), base_momentum=0.5)
    model.init_weights()
    data = dict(inputs=[[torch.randint(0, 256, (1, 4, 48, 48),
                                       dtype=torch.uint8) for _ in range(2)]],
                data_samples=None)
    optim = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.1))
    for _ in range(2):
        model.train_step(data, optim)
    return model


@pytest.mark.parametrize('algo,prefix', [('mae', 'backbone.'),
                                         ('vjepa', 'backbone.'),
                                         ('vjepa', 'target_net.module.')])
def test_encoder_handed_over(algo, prefix, tmp_path):
    model = pretext(algo)
    path = str(tmp_path / 'pretext.pth')
    torch.save({'state_dict': model.state_dict()}, path)
    assert load_backbone_weights(VideoViT(arch=ARCH), path, prefix) == dict(
        missing=[], unexpected=[])
    down = VideoViT(arch=ARCH, init_cfg=dict(type='Pretrained',
                                             checkpoint=path, prefix=prefix))
    down.init_weights()
    src = (model.backbone if prefix == 'backbone.'
           else model.target_net.module)
    for k, v in src.state_dict().items():
        torch.testing.assert_close(down.state_dict()[k], v)
    if algo == 'vjepa':  # the EMA target differs from the context encoder
        a = model.backbone.patch_embed.projection.weight
        b = model.target_net.module.patch_embed.projection.weight
        assert not torch.equal(a, b)
