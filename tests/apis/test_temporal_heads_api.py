"""Windowed inference and streaming with the TCN and Transformer heads:
a causal TCN streams exactly, a windowed Transformer uses its windows, and
what cannot work is refused with a message."""
import numpy as np
import pytest
import torch

from mmaction_vaerr.apis import (FrameEncoder, StreamingVAPredictor,
                                 inference_va, init_model, temporal_halo)
from mmaction_vaerr.io import iter_frames

@pytest.fixture(scope='module')
def faces(test_video):
    return np.stack(list(iter_frames(test_video[0])))[:30]


def _offline(model, faces):
    """One pass of backbone + head over the whole clip (no windows/state)."""
    enc = FrameEncoder(model, chunk=10 ** 6)
    x = enc.normalise(faces)
    with torch.no_grad():
        out = model.backbone(x[None, None])
        reg, logits = model.cls_head(out, num_frames=len(faces))
    return reg[0].numpy(), logits[0].softmax(-1).numpy()


@pytest.fixture(scope='module')
def tcn_model(trained_tcn):
    return init_model(*trained_tcn)


def test_causal_tcn_streams_equal_to_offline(tcn_model, faces):
    reg, prob = _offline(tcn_model, faces)
    stream = StreamingVAPredictor(tcn_model)
    preds = []
    for face in faces:
        preds += stream.push(face)
    preds += stream.flush()
    assert [p.frame for p in preds] == list(range(len(faces)))
    va = np.array([[p.arousal, p.valence] for p in preds])
    np.testing.assert_allclose(va, reg, atol=1e-4)
    np.testing.assert_allclose(np.stack([p.prob for p in preds]), prob,
                               atol=1e-4)
    chunked = inference_va(tcn_model, faces, window=8, overlap=2, chunk=7)
    np.testing.assert_allclose(chunked.va, reg, atol=1e-4)


@pytest.fixture(scope='module')
def transformer_model(trained_transformer):
    return init_model(*trained_transformer, cfg_options=dict(
        model=dict(cls_head=dict(window=12, overlap=4))))


def test_windowed_transformer_uses_its_windows(transformer_model, faces):
    head = transformer_model.cls_head
    reg, prob = _offline(transformer_model, faces)   # head windows itself
    for window in (None, 1500, 9):                   # API's window ignored
        res = inference_va(transformer_model, faces, window=window,
                           overlap=2, chunk=5)
        np.testing.assert_allclose(res.va, reg, atol=1e-4)
        np.testing.assert_allclose(res.prob, prob, atol=1e-4)
    head.window = None                               # really windowed
    whole, _ = _offline(transformer_model, faces)
    head.window = 12
    assert np.abs(whole - reg).max() > 1e-4
    with pytest.raises(ValueError, match='causal'):
        StreamingVAPredictor(transformer_model)


def test_clip_feature_backbone_refused():
    class ClipBackbone(torch.nn.Module):     # C3D-like: (N, C) per clip
        def __init__(self):
            super().__init__()
            self.w = torch.nn.Parameter(torch.ones(1))

        def forward(self, x):
            return x.mean(dim=(2, 3, 4)).expand(-1, 4) * self.w

    class Model(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.backbone = ClipBackbone()
            self.data_preprocessor = None

    enc = FrameEncoder(Model(), chunk=4)
    assert enc.halo == 0 == temporal_halo(ClipBackbone())
    with pytest.raises(ValueError, match='one feature per clip'):
        enc.features(torch.zeros(4, 8, 8))


def test_centred_tcn_windows_exact_with_enough_overlap():
    from mmaction_vaerr.apis import iter_temporal
    from mmaction_vaerr.models.heads import TCNVAHead
    torch.manual_seed(0)
    head = TCNVAHead(in_channels=6, channels=(6, 6), kernel_size=3,
                     causal=False).eval()
    half = (head.receptive_field - 1) // 2             # 6 frames each side
    feats = torch.randn(50, 6)
    whole = head.temporal(feats[None])[0][0]
    out = torch.cat([r for r, _ in iter_temporal(
        head, iter(feats.split(7)), window=20, overlap=2 * half)])
    torch.testing.assert_close(out, whole, atol=1e-5, rtol=0)
    short = torch.cat([r for r, _ in iter_temporal(
        head, iter(feats.split(7)), window=20, overlap=2)])
    assert (short - whole).abs().max() > 1e-4          # too little context


def test_vit_backbone_chunks_are_whole_clip_windows(faces):
    """VideoViT attends over the whole clip (no finite halo): a video of at
    most ``chunk`` frames is one exact pass; a longer one is encoded in
    independent windows, with a warning; an odd chunk splits tubelets and is
    refused."""
    import warnings
    cfg = ('configs/vaerr/vit/'
           'vaerr_vit-t4-p2x8x8-gru_mae-pre-synthetic_1xb4-20e_synthetic.py')
    torch.manual_seed(0)
    model = init_model(cfg, cfg_options=dict(
        model=dict(backbone=dict(init_cfg=None))))
    assert temporal_halo(model.backbone) is None
    clip = faces[:16]
    ref_reg, _ = _offline(model, clip)
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        reg = inference_va(model, clip, chunk=16).va
    np.testing.assert_allclose(reg, ref_reg, atol=1e-5)
    with pytest.warns(UserWarning, match='independent windows of 8'):
        reg8 = inference_va(model, clip, chunk=8).va
    assert np.abs(reg8 - ref_reg).max() > 1e-4   # not the whole-clip pass
    with pytest.raises(ValueError, match='multiple of the tubelet size 2'):
        FrameEncoder(model, chunk=7)
