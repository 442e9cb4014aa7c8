import numpy as np
import pytest
import torch
from mmengine.optim import OptimWrapper

from mmaction.registry import MODELS
from mmaction.structures import ActionDataSample
from mmaction_vaerr.models.backbones import load_backbone_weights
from mmaction_vaerr.models.losses.selfsup import FrameL1Loss
from mmaction_vaerr.models.selfsup.lira import LiRA  # noqa: F401


pytestmark = pytest.mark.usefixtures('one_thread')

T, D = 5, 10


def _model(**neck):
    cfg = dict(type='ConformerEncoder', in_channels=512, embed_dims=32,
               num_layers=1, num_heads=2, conv_kernel_size=3, dropout=0.0)
    cfg.update(neck)
    return MODELS.build(dict(
        type='LiRA',
        backbone=dict(type='ResNet18Stem3D', out_format='nct'),
        neck=cfg,
        head=dict(type='LiRAHead', in_channels=32, out_channels=D)))


def _batch(n=2, t=T, seed=0):
    g = torch.Generator().manual_seed(seed)
    clips = [torch.randint(0, 256, (1, t, 16, 16), generator=g,
                           dtype=torch.uint8) for _ in range(n)]
    samples = []
    for i in range(n):
        s = ActionDataSample()
        s.audio_target = torch.randn(t, D, generator=g).numpy()
        mask = np.ones(t, bool)
        mask[t - 1 - i:] = False             # trailing frames past the audio
        s.audio_mask = mask
        samples.append(s)
    return dict(inputs=clips, data_samples=samples)


def test_train_step_and_modes():
    torch.manual_seed(0)
    model = _model()
    wrapper = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.01))
    out = model.train_step(_batch(), wrapper)
    assert set(out) == {'loss', 'loss_l1'} and out['loss'] > 0
    data = model.data_preprocessor(_batch(), training=False)
    x = data['inputs']
    assert x.shape == (2, 1, T, 16, 16)
    assert model(x, mode='tensor').shape == (2, 512, T)
    # FormatShape without collapse: (N, 1, C, T, H, W) is accepted too
    assert model(x[:, None], mode='tensor').shape == (2, 512, T)
    preds = model(x, data['data_samples'], mode='predict')
    assert preds[0].pred_feat.shape == (512, T)


def test_loss_ignores_masked_frames():
    torch.manual_seed(0)
    model = _model().eval()
    data = model.data_preprocessor(_batch(), training=False)
    loss = model(data['inputs'], data['data_samples'], mode='loss')
    for s in data['data_samples']:          # garbage where the mask is off
        s.audio_target[~s.audio_mask] = 1e6
    again = model(data['inputs'], data['data_samples'], mode='loss')
    torch.testing.assert_close(loss['loss_l1'], again['loss_l1'])


def test_few_iterations_lower_the_loss():
    torch.manual_seed(0)
    model = _model()
    wrapper = OptimWrapper(torch.optim.Adam(model.parameters(), lr=1e-3))
    batch = _batch(seed=1)
    losses = [model.train_step(batch, wrapper)['loss'].item()
              for _ in range(6)]
    assert losses[-1] < 0.8 * losses[0], losses


def test_clear_errors():
    model = _model()
    data = model.data_preprocessor(_batch(), training=False)
    bare = [ActionDataSample(), ActionDataSample()]
    with pytest.raises(ValueError, match='LoadAudioTargets'):
        model(data['inputs'], bare, mode='loss')
    short = _batch(t=T - 1)['data_samples']
    with pytest.raises(ValueError, match='frames'):
        model(data['inputs'], short, mode='loss')
    with pytest.raises(ValueError, match='one clip'):
        model(torch.zeros(2, 2, 1, T, 16, 16), mode='tensor')
    wide = _model()
    wide.head = MODELS.build(dict(type='LiRAHead', in_channels=32,
                                  out_channels=D + 1))
    with pytest.raises(ValueError, match='out_channels'):
        wide(data['inputs'], data['data_samples'], mode='loss')


def test_frame_l1_loss_against_direct_formula():
    pred = torch.randn(2, 4, 3)
    target = torch.randn(2, 4, 3)
    mask = torch.tensor([[1, 1, 0, 1], [0, 1, 1, 0]], dtype=torch.bool)
    direct = sum((pred[n, t] - target[n, t]).abs().sum()
                 for n in range(2) for t in range(4) if mask[n, t]) / (5 * 3)
    torch.testing.assert_close(FrameL1Loss()(pred, target, mask), direct)
    zero = FrameL1Loss()(pred, target, torch.zeros(2, 4, dtype=torch.bool))
    assert zero.item() == 0
    with pytest.raises(ValueError, match='mask'):
        FrameL1Loss()(pred, target, mask[:, :3])


def test_backbone_weights_load_downstream(tmp_path):
    model = _model()
    path = str(tmp_path / 'lira.pth')
    torch.save(dict(state_dict=model.state_dict()), path)
    down = MODELS.build(dict(type='ResNet18Stem3D'))
    result = load_backbone_weights(down, path, prefix='backbone.')
    assert result['missing'] == []
    torch.testing.assert_close(down.stem[0].weight,
                               model.backbone.stem[0].weight)
