"""Every downstream / mixing config builds and runs one train and test step.

The real config is loaded; only the data root, the segment length and the
batch size are shrunk (tiny synthetic videos from the ``tiny_synthetic``
fixture), as mmaction2's recognizer tests do. To keep ~90 configs fast,
samples are decoded once per distinct pipeline (many table rows share
one) and one fake pretext checkpoint serves every pretrained config.
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
from mmaction_vaerr.models.losses import compute_va_centroids

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
# configs/mixing (C3D needs 16-frame clips) run with small inputs in
# tests/configs/test_mixing_configs.py
CONFIGS = sorted(
    glob.glob(osp.join(REPO, 'configs', 'vaerr', '**', '*.py'),
              recursive=True))
CLIP_LEN = 4
_SAMPLES = {}   # (root, repr(dataset cfg), n) -> (batch, dataset)


pytestmark = pytest.mark.usefixtures('one_thread')


@pytest.fixture(scope='module')
def quadrant_lists(tiny_synthetic):
    for split in ('train', 'val', 'test'):
        write_quadrant_list(tiny_synthetic, split, osp.join(
            tiny_synthetic, 'splits', f'quadrant_{split}.txt'))
    return tiny_synthetic


@pytest.fixture(scope='module')
def pretext_ckpt(tmp_path_factory):
    """``make(backbone_cfg) -> (path, state)``: one pretext-style checkpoint
    (keys under ``backbone.``, random values) per backbone architecture."""
    made = {}

    def make(backbone_cfg):
        arch = {k: v for k, v in backbone_cfg.items()
                if k not in ('init_cfg', 'frozen', 'channels_last')}
        key = repr(sorted(arch.items()))
        if key not in made:
            torch.manual_seed(0)
            src = MODELS.build(arch)
            state = {k: torch.randn_like(v) if v.is_floating_point() else v
                     for k, v in src.state_dict().items()}
            path = str(tmp_path_factory.mktemp('pretext') / 'pretext.pth')
            torch.save({'state_dict': {'backbone.' + k: v
                                       for k, v in state.items()}}, path)
            made[key] = (path, state)
        return made[key]
    return make


def _shrink(dataset_cfg, root, clip_len=CLIP_LEN):
    """Tiny data root and segments; a whole-video test pipeline keeps
    its sampling but is cut to ``2 * clip_len`` frames (whole-video testing
    is run by the Runner tests, e.g. tests/tools/test_quickstart_learning.py).
    """
    dataset_cfg.data_root = root
    for t in dataset_cfg.pipeline:
        if t['type'] in ('SampleVASegment', 'SampleFrames') and \
                t.get('clip_len'):
            t['clip_len'] = clip_len
        elif t['type'] == 'SampleVASegment':
            t.update(clip_len=2 * clip_len, test_mode=False)
    return dataset_cfg


def _batch(dataset_cfg, n):
    key = (repr(dataset_cfg.to_dict()), n)
    if key not in _SAMPLES:
        ds = DATASETS.build(dataset_cfg)
        _SAMPLES[key] = (pseudo_collate([ds[i] for i in range(n)]), ds)
    return _SAMPLES[key]


def test_all_configs_found():
    names = [osp.relpath(c, osp.join(REPO, 'configs')) for c in CONFIGS]
    assert 'vaerr/vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py' in names
    for table, n in (('table2', 14), ('table3', 28), ('table4', 26)):
        assert sum(p.startswith(f'vaerr/{table}/') for p in names) == n


@pytest.mark.parametrize('cfg_path', CONFIGS,
                         ids=[osp.relpath(c, REPO) for c in CONFIGS])
def test_config_train_and_test_step(cfg_path, tiny_synthetic, quadrant_lists,
                                    pretext_ckpt):
    cfg = Config.fromfile(cfg_path)
    torch.manual_seed(0)
    init = cfg.model.backbone.get('init_cfg')
    pretrained = bool(init) and init.get('type') == 'Pretrained'
    if pretrained:
        assert init.prefix == 'backbone.'
        ckpt_path, ckpt_state = pretext_ckpt(cfg.model.backbone)
        init.checkpoint = ckpt_path
    train_cfg = _shrink(cfg.train_dataloader.dataset, tiny_synthetic)
    if 'recola' in cfg_path:  # RECOLA evaluates on the AVEC dev partition
        assert cfg.test_dataloader.dataset.ann_file == 'splits/dev.txt'
        cfg.test_dataloader.dataset.ann_file = 'splits/val.txt'
    test_cfg = _shrink(cfg.test_dataloader.dataset, tiny_synthetic)
    model = MODELS.build(cfg.model)
    model.init_weights()
    if pretrained:  # the pretext backbone really was loaded
        loaded = model.backbone.state_dict()
        assert all(torch.equal(loaded[k], v) for k, v in ckpt_state.items())
    data, train_set = _batch(train_cfg, 2)
    for m in model.modules():
        if hasattr(m, 'needs_centroids') and m.needs_centroids():
            m.set_centroids(compute_va_centroids(*train_set.get_frame_labels()))
    optim = build_optim_wrapper(model, cfg.optim_wrapper)
    model.train()
    log_vars = model.train_step(data, optim)
    assert torch.isfinite(log_vars['loss'])
    model.eval()
    data, _ = _batch(test_cfg, 1)
    with torch.no_grad():
        out = model.test_step(data)
    assert len(out) == 1
    if 'pred_va' in out[0]:
        n = data['data_samples'][0].gt_va.shape[0]
        assert out[0].pred_va.shape == (n, 2)
    else:
        assert out[0].pred_score.numel() == 4
