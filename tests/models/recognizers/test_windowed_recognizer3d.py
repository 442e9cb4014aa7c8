"""WindowedRecognizer3D: windowed test features equal the whole-clip ones
for a backbone without temporal context, match each window's own run for a
video transformer, training is unchanged, and time-pooling backbones are
refused clearly."""
import pytest
import torch
import torch.nn as nn

from mmaction.registry import MODELS
from mmaction_vaerr.models.recognizers import WindowedRecognizer3D

HEAD = dict(type='MultiTaskHead', in_channels=4,
            trunk=dict(type='GRUTrunk', hidden_channels=4, num_layers=1))


@MODELS.register_module(force=True)
class _PerFrameConv(nn.Module):
    """(N, 1, T, H, W) -> (N, 4, T, H, W) with a (1, 3, 3) kernel."""

    def __init__(self, time_stride: int = 1) -> None:
        super().__init__()
        self.conv = nn.Conv3d(1, 4, (1, 3, 3), (time_stride, 1, 1),
                              (0, 1, 1))

    def forward(self, x):
        return self.conv(x)


def _model(backbone, **kw):
    return MODELS.build(dict(type='WindowedRecognizer3D', backbone=backbone,
                             cls_head=HEAD, **kw)).eval()


def test_windows_equal_the_whole_clip_without_temporal_context():
    torch.manual_seed(0)
    whole = _model(dict(type='_PerFrameConv'))
    win = _model(dict(type='_PerFrameConv'), test_window=8, test_overlap=2)
    win.load_state_dict(whole.state_dict())
    x = torch.randn(2, 1, 1, 21, 6, 6)      # (N, views, C, T, H, W)
    with torch.no_grad():
        a, _ = whole.extract_feat(x, test_mode=True)
        b, _ = win.extract_feat(x, test_mode=True)
        c, _ = win.extract_feat(x, test_mode=False)   # training: unwindowed
    assert b.shape == a.shape == (2, 4, 21, 6, 6)
    torch.testing.assert_close(a, b)
    torch.testing.assert_close(a, c)


def test_video_vit_windows_are_each_windows_own_features():
    torch.manual_seed(0)
    vit = dict(type='VideoViT', arch=dict(embed_dims=8, depth=1,
                                          num_heads=2),
               in_channels=1, patch_size=8, tubelet_size=2)
    model = _model(vit, test_window=8, test_overlap=4)
    x = torch.randn(1, 1, 1, 14, 16, 16)
    with torch.no_grad():
        feat, _ = model.extract_feat(x, test_mode=True)
        first = model.backbone(x[0, :, :, :8])     # window [0, 8): keep 0..5
        last = model.backbone(x[0, :, :, 4:12])    # window [4, 12): keep 6..9
    assert feat.shape[:3] == (1, 8, 14)
    torch.testing.assert_close(feat[:, :, :6], first[:, :, :6])
    torch.testing.assert_close(feat[:, :, 6:10], last[:, :, 2:6])
    assert not torch.allclose(
        feat, model.backbone(x[0]))                # attention range differs


def test_refuses_time_strided_backbones_and_bad_windows():
    model = _model(dict(type='_PerFrameConv', time_stride=2), test_window=8)
    with pytest.raises(ValueError, match='frame-rate backbone features'):
        model.extract_feat(torch.randn(1, 1, 1, 20, 6, 6), test_mode=True)
    with pytest.raises(ValueError, match='window >= 1'):
        _model(dict(type='_PerFrameConv'), test_window=4, test_overlap=4)
    assert isinstance(_model(dict(type='_PerFrameConv')),
                      WindowedRecognizer3D)
