"""Every configs/mixing config builds and runs one train and one test step,
and the TCN / Transformer heads run under every mmaction2 backbone kind.

The real configs are loaded; the data root, clip length and frame size are
shrunk by overrides (tiny synthetic videos resized to 48 px), as mmaction2's
recognizer tests do.
"""
import glob
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.optim import build_optim_wrapper

from mmaction.registry import DATASETS, MODELS
from mmaction_vaerr.dataprep import write_quadrant_list

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
MIXING = sorted(glob.glob(osp.join(REPO, 'configs', 'mixing', '*.py')))
SIZE = 48
# C3D's flattened pool5 at 16 x 48 x 48 input is 512 x 1 x 2 x 2
C3D_OUT_DIM = 2048


def _shrink(cfg, root, clip_len):
    for loader in ('train_dataloader', 'test_dataloader'):
        ds = cfg[loader].dataset
        ds.data_root = root
        pipeline = []
        for t in ds.pipeline:
            if t['type'] in ('SampleVASegment', 'SampleFrames') and \
                    t.get('clip_len'):
                t['clip_len'] = clip_len
            pipeline.append(t)
            if t['type'] == 'DecordDecode':
                pipeline.append(dict(type='Resize', scale=(SIZE, SIZE),
                                     keep_ratio=False))
        ds.pipeline = pipeline
    if cfg.model.backbone.type == 'C3D':
        cfg.model.backbone.out_dim = C3D_OUT_DIM
    if cfg.model.backbone.type == 'X3D':
        cfg.model.backbone.gamma_d = 1.0    # fewer blocks, same output kind


def _step(cfg, root, tmp_path):
    if 'quadrant' in cfg.filename:
        for split in ('train', 'test'):
            write_quadrant_list(root, split, str(
                tmp_path / f'quadrant_{split}.txt'))
            cfg[f'{split}_dataloader'].dataset.ann_file = str(
                tmp_path / f'quadrant_{split}.txt')
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    train_set = DATASETS.build(cfg.train_dataloader.dataset)
    data = pseudo_collate([train_set[i] for i in range(2)])
    optim = build_optim_wrapper(model, cfg.optim_wrapper)
    model.train()
    log_vars = model.train_step(data, optim)
    assert torch.isfinite(log_vars['loss'])
    model.eval()
    test_set = DATASETS.build(cfg.test_dataloader.dataset)
    data = pseudo_collate([test_set[0]])
    with torch.no_grad():
        out = model.test_step(data)
    assert len(out) == 1
    return out[0], data['data_samples'][0]


def test_mixing_configs_found():
    names = {osp.basename(c).split('_')[1] for c in MIXING}
    assert {'resnet3d-r18-gru', 'x3d-s-gru', 'c3d-gru', 'tsn-r18-gru',
            'r18-stem3d'} <= names


@pytest.mark.parametrize('cfg_path', MIXING,
                         ids=[osp.basename(c) for c in MIXING])
def test_mixing_config_train_and_test_step(cfg_path, tiny_synthetic,
                                           tmp_path):
    cfg = Config.fromfile(cfg_path)
    clip_len = 16 if cfg.model.backbone.type == 'C3D' else 8
    _shrink(cfg, tiny_synthetic, clip_len)
    out, sample = _step(cfg, tiny_synthetic, tmp_path)
    if 'pred_va' in out:
        assert out.pred_va.shape == (sample.gt_va.shape[0], 2)
        assert torch.isfinite(out.pred_va).all()
    else:
        assert out.pred_score.numel() == 4


BACKBONES = ['vaerr_resnet3d-r18-gru_scratch_1xb4-20e_synthetic.py',
             'vaerr_x3d-s-gru_scratch_1xb4-20e_synthetic.py',
             'vaerr_tsn-r18-gru_scratch_1xb4-20e_synthetic.py',
             'vaerr_c3d-gru_scratch_1xb4-20e_synthetic.py']
HEADS = dict(
    tcn=dict(type='TCNVAHead', channels=(32, 32), kernel_size=3),
    transformer=dict(type='TransformerVAHead', embed_dims=32, num_layers=1,
                     num_heads=4, window=8, overlap=4))


@pytest.mark.parametrize('head', sorted(HEADS))
@pytest.mark.parametrize('name', BACKBONES)
def test_new_heads_under_mmaction2_backbones(name, head, tiny_synthetic,
                                             tmp_path):
    cfg = Config.fromfile(osp.join(REPO, 'configs', 'mixing', name))
    old = cfg.model.cls_head
    cfg.model.cls_head = dict(HEADS[head], in_channels=old.in_channels,
                              clip_features=old.get('clip_features',
                                                    'reject'))
    clip_len = 16 if cfg.model.backbone.type == 'C3D' else 8
    _shrink(cfg, tiny_synthetic, clip_len)
    out, sample = _step(cfg, tiny_synthetic, tmp_path)
    assert out.pred_va.shape == (sample.gt_va.shape[0], 2)
    assert out.pred_va_prob.shape == (sample.gt_va.shape[0], 2, 20)


def test_metafile_matches_the_configs():
    """Both directions: every entry is a config, every config is listed, and
    the epochs and batch size in the metafile are those of the config."""
    import yaml
    with open(osp.join(REPO, 'configs', 'mixing', 'metafile.yml')) as f:
        meta = yaml.safe_load(f)
    listed = {m['Config']: m for m in meta['Models']}
    shipped = {osp.relpath(c, REPO) for c in MIXING}
    assert set(listed) == shipped
    for path, entry in listed.items():
        cfg = Config.fromfile(osp.join(REPO, path))
        assert entry['Name'] == osp.basename(path)[:-3]
        assert entry['Metadata']['Epochs'] == cfg.train_cfg.max_epochs
        assert entry['Metadata']['Batch Size'] == \
            cfg.train_dataloader.batch_size
        assert f"{cfg.train_cfg.max_epochs}e" in path
        assert f"1xb{cfg.train_dataloader.batch_size}" in path


def test_video_vit_under_mmaction2_i3dhead(tiny_synthetic, tmp_path):
    """The other way round for the masked-pretext backbone: VideoViT's 5-D
    per-frame feature map under mmaction2's own I3DHead (clip class)."""
    cfg = Config.fromfile(osp.join(
        REPO, 'configs', 'mixing',
        'i3dhead_r18-stem3d_scratch_1xb8-20e_synthetic-quadrant.py'))
    cfg.model.backbone = dict(type='VideoViT', arch='tiny', depth=2,
                              in_channels=1)
    cfg.model.cls_head.in_channels = 192
    _shrink(cfg, tiny_synthetic, 8)
    out, _ = _step(cfg, tiny_synthetic, tmp_path)
    assert out.pred_score.numel() == 4
    assert torch.isfinite(out.pred_score).all()


@pytest.mark.parametrize('name', BACKBONES)
def test_multitask_head_under_mmaction2_backbones(name, tiny_synthetic):
    """The categorical parts under every mmaction2 backbone kind: the
    multi-task head (VA + Expr + AU, one trunk) trains on every task and
    predicts per-frame expression and AU probabilities."""
    cfg = Config.fromfile(osp.join(REPO, 'configs', 'mixing', name))
    old = cfg.model.cls_head
    cfg.model.cls_head = dict(
        type='MultiTaskHead', in_channels=old.in_channels,
        trunk=dict(type='GRUTrunk', hidden_channels=16, num_layers=1),
        clip_features=old.get('clip_features', 'reject'))
    clip_len = 16 if cfg.model.backbone.type == 'C3D' else 8
    _shrink(cfg, tiny_synthetic, clip_len)
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    train_set = DATASETS.build(cfg.train_dataloader.dataset)
    data = pseudo_collate([train_set[i] for i in range(2)])
    g = torch.Generator().manual_seed(0)
    for ds in data['data_samples']:
        t = ds.gt_va.shape[0]
        ds.gt_expr = torch.randint(-1, 8, (t, ), generator=g)
        ds.gt_au = torch.randint(-1, 2, (t, 12), generator=g)
    optim = build_optim_wrapper(model, cfg.optim_wrapper)
    model.train()
    log_vars = model.train_step(data, optim)
    for key in ('loss_ccc', 'loss_expr', 'loss_au'):
        assert any(k.startswith(key) for k in log_vars), (key, log_vars)
    assert torch.isfinite(log_vars['loss'])
    model.eval()
    test_set = DATASETS.build(cfg.test_dataloader.dataset)
    with torch.no_grad():
        out = model.test_step(pseudo_collate([test_set[0]]))[0]
    t = out.pred_va.shape[0]
    assert out.pred_expr.shape == (t, 8) and out.pred_au.shape == (t, 12)
    assert torch.allclose(out.pred_expr.sum(-1), torch.ones(t), atol=1e-5)
