"""MAE: reconstruction target, masked-only loss, visible-only encoder, and a
known-answer run where the loss must fall."""
import numpy as np
import pytest
import torch
from mmengine.optim import OptimWrapper

from mmaction_vaerr.models.heads.selfsup import MAEHead, patchify, split_mask
from mmaction_vaerr.models.selfsup import MAE, tube_mask

ARCH = dict(embed_dims=32, depth=2, num_heads=2)


def build(mask_ratio=0.75, decoder_depth=1):
    torch.manual_seed(0)
    model = MAE(backbone=dict(type='VideoViT', arch=ARCH),
                head=dict(type='MAEHead', in_channels=32, patch_dims=128,
                          embed_dims=32, depth=decoder_depth, num_heads=2),
                mask_ratio=mask_ratio,
                data_preprocessor=dict(type='VideoSelfSupDataPreprocessor',
                                       mean=[128.0], std=[64.0]))
    model.init_weights()
    return model


def test_patchify_is_the_token_order():
    model = build()
    x = torch.randn(2, 1, 4, 16, 24)
    conv = model.backbone.patch_embed.projection
    tokens = model.backbone.patch_embed(x)[0]
    expect = patchify(x, 2, 8) @ conv.weight.flatten(1).T + conv.bias
    torch.testing.assert_close(tokens, expect)


def test_target_is_per_patch_normalised_pixels_of_masked_patches():
    head = MAEHead(in_channels=8, patch_dims=128, embed_dims=8, depth=1,
                   num_heads=2)
    x = torch.rand(2, 1, 4, 16, 16) * 3 + 1
    mask = tube_mask(2, (2, 2, 2), 0.5, torch.Generator().manual_seed(0))
    _, masked_idx = split_mask(mask)
    target = head.construct_target(patchify(x, 2, 8), masked_idx)
    xs = x.numpy()
    for n in range(2):
        rows = []
        for tok in np.flatnonzero(mask[n].numpy()):   # ascending
            t, rest = divmod(tok, 4)
            i, j = divmod(rest, 2)
            p = xs[n, :, 2 * t:2 * t + 2, 8 * i:8 * i + 8, 8 * j:8 * j + 8]
            p = p.reshape(-1)
            rows.append((p - p.mean()) / np.sqrt(p.var(ddof=1) + 1e-6))
        np.testing.assert_allclose(target[n].numpy(), np.stack(rows),
                                   rtol=1e-4, atol=1e-5)


def test_loss_reads_masked_patches_only():
    head = MAEHead(in_channels=8, patch_dims=128, embed_dims=8, depth=1,
                   num_heads=2)
    mask = tube_mask(2, (2, 2, 2), 0.5, torch.Generator().manual_seed(0))
    patches = torch.randn(2, 8, 128)
    latent = torch.randn(2, 4, 8)
    loss = head.loss(latent, mask, patches)
    patches[~mask] = float('nan')        # visible pixels must not matter
    torch.testing.assert_close(head.loss(latent, mask, patches), loss)
    _, masked_idx = split_mask(mask)
    by_hand = (head(latent, mask) -
               head.construct_target(patches, masked_idx)).pow(2).mean()
    torch.testing.assert_close(loss, by_hand)


def test_encoder_sees_only_visible_tokens(monkeypatch):
    model = build(mask_ratio=0.9)
    seen = []
    encode = model.backbone.encode
    monkeypatch.setattr(model.backbone, 'encode',
                        lambda t: seen.append(t.shape) or encode(t))
    loss = model.loss(torch.randn(3, 1, 4, 48, 48))['loss']
    # 6x6 patches per frame, int(0.9 * 36) = 32 masked, 4 visible x 2 steps
    assert seen == [torch.Size([3, 8, 32])]
    assert torch.isfinite(loss)


def ramp_clips(n, g):
    """Horizontal intensity ramps rising to the right or to the left (one
    drawn per clip): every patch of a clip, normalised, is the same ramp, so
    the one visible patch gives the answer; the two answers are opposite, so
    a decoder that ignores the visible patch scores ~1."""
    sign = torch.randint(2, (n,), generator=g) * 2.0 - 1.0
    xx = torch.arange(16.).expand(16, 16)
    img = sign[:, None, None] * xx
    return img[:, None, None].expand(-1, 1, 2, -1, -1) * 8 + 128


@pytest.mark.parametrize('seed', [0, 1])
def test_known_answer_loss_falls(seed):
    model = build(mask_ratio=0.75, decoder_depth=2)  # 1 of 2x2 visible
    torch.manual_seed(seed)
    model.init_weights()
    optim = OptimWrapper(torch.optim.AdamW(model.parameters(), lr=2e-3))
    g = torch.Generator().manual_seed(seed)
    losses, spread = [], []
    for _ in range(100):
        data = dict(inputs=[list(ramp_clips(16, g))], data_samples=None)
        log = model.train_step(data, optim)
        losses.append(log['loss'].item())
        spread.append(float(log['pred_std']))
    # predicting 0 scores (D - 1) / D ~ 0.99 (unit-variance targets)
    assert np.mean(losses[:5]) > 0.8
    assert np.mean(losses[-15:]) < 0.05, losses[-15:]
    # every masked ramp patch is the same normalised ramp: predictions and
    # targets alike hardly differ between tubelets, nothing is degenerate
    assert max(spread) < 0.1 and not model.collapse_iters


def test_degenerate_decoder_warned_once(monkeypatch):
    """The mean-patch solution (same prediction for every masked tubelet,
    different targets) is logged as ``pred_std`` 0 and warned about once,
    after the warm-up."""
    from mmaction_vaerr.models.selfsup import mae as mae_module
    said = []
    monkeypatch.setattr(mae_module, 'print_log',
                        lambda msg, **kw: said.append(msg))
    model = build()
    model.collapse_patience = 3
    x = torch.randn(4, 1, 4, 16, 16)    # textured clips: targets differ
    head_forward = type(model.head).forward
    monkeypatch.setattr(type(model.head), 'forward',
                        lambda self, latent, mask: head_forward(
                            self, latent, mask).mean(1, keepdim=True)
                        .expand(-1, int(mask[0].sum()), -1))
    for _ in range(5):                  # warm-up (3) + patience (3) - 1
        out = model.loss(x)
    assert float(out['pred_std']) == 0 and not said
    assert float(out['target_std']) > 0.5
    for _ in range(7):
        model.loss(x)
    assert len(said) == 1 and 'same patch' in said[0]
