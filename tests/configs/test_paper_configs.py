"""The table configs hold what the paper ran (SS-VAERR, FG 2023, Tables
II-IV): loss, pretext initialisation, mode, schedule, normalisation."""
import glob
import json
import os.path as osp
import re

import pytest
from mmengine.config import Config

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
VAERR = osp.join(REPO, 'configs', 'vaerr')
TABLES = {t: sorted(glob.glob(osp.join(VAERR, f'table{t}', '*.py')))
          for t in (2, 3, 4)}
PAPER = [p for t in TABLES.values() for p in t] + [
    osp.join(VAERR, f'vaerr_r18-stem3d-{gru}_scratch_{s}.py')
    for gru in ('gru', 'unigru')
    for s in ('1xb8-10e_sewa', '1xb4-10e_recola')]
LR = dict(sewa=3e-4, recola=7e-5)
BEST = dict(sewa=dict(ccc=0.5, ce=0.25, mse=0.25),
            recola=dict(ccc=[0.66, 1.0], ce=[0.34, 0.0]))


def _dataset(path):
    return osp.splitext(path)[0].rsplit('_', 1)[1]


def _weights(cfg):
    return dict(cfg.model.cls_head.loss_va.weights)


def _pretext(cfg):
    init = cfg.model.backbone.get('init_cfg')
    if not init:
        return None
    assert init.type == 'Pretrained' and init.prefix == 'backbone.'
    return re.match(r'work_dirs/(lira|byol|dino)_', init.checkpoint).group(1)


@pytest.mark.parametrize('path', PAPER, ids=osp.basename)
def test_paper_setting(path):
    cfg = Config.fromfile(path)
    ds = _dataset(path)
    assert cfg.optim_wrapper.optimizer.type == 'AdamW'
    assert cfg.optim_wrapper.optimizer.lr == LR[ds]
    assert cfg.optim_wrapper.optimizer.weight_decay == 1e-4
    assert not cfg.param_scheduler and 'clip_grad' not in cfg.optim_wrapper
    assert cfg.train_cfg.max_epochs == 10
    assert cfg.model.cls_head.pred_range is None
    with open(osp.join(REPO, 'configs', '_base_', 'datasets', 'stats',
                       f'{ds}.json')) as f:
        stats = json.load(f)
    assert cfg.model.data_preprocessor.mean == stats['pixel_mean']
    assert cfg.model.data_preprocessor.std == stats['pixel_std']
    seg = [t for t in cfg.train_dataloader.dataset.pipeline
           if t.type == 'SampleVASegment'][0]
    assert seg.clip_len == dict(sewa=200, recola=500)[ds]
    gpus, batch = map(int, re.search(r'_(\d+)xb(\d+)-', path).groups())
    assert cfg.train_dataloader.batch_size == batch and gpus == 1
    frozen = '-frozen_' in osp.basename(path)
    assert cfg.model.backbone.frozen == ('stem_conv' if frozen else 'none')


@pytest.mark.parametrize('path', TABLES[2], ids=osp.basename)
def test_table2_ccc_only_loss_and_pretext(path):
    cfg = Config.fromfile(path)
    assert _weights(cfg) == dict(ccc=1.0)
    want = re.search(r'gru_(scratch|lira|byol|dino)', path).group(1)
    assert _pretext(cfg) == (None if want == 'scratch' else want)


@pytest.mark.parametrize('path', TABLES[3], ids=osp.basename)
def test_table3_lira_and_named_loss(path):
    cfg = Config.fromfile(path)
    assert _pretext(cfg) == 'lira'
    loss = re.match(r'vaerr-([a-z-]+)_', osp.basename(path)).group(1)
    terms = set(loss.replace('-ar', '').split('-'))
    assert set(_weights(cfg)) == terms
    if loss.endswith('-ar'):   # valence: CCC only; arousal 0.66 CCC
        w = _weights(cfg)
        assert w['ccc'] == [0.66, 1.0]
        assert all(v[1] == 0.0 for k, v in w.items() if k != 'ccc')
        assert sum(v[0] for v in w.values()) == pytest.approx(1.0)


def test_table3_has_the_paper_rows():
    names = {re.match(r'vaerr-([a-z-]+)_', osp.basename(p)).group(1)
             for p in TABLES[3]}
    assert names == {'mse', 'ccc-ce', 'ccc-ce-mse', 'ccc-ncce',
                     'ccc-ncce-mse', 'ccc-ce-ar', 'ccc-ce-mse-ar'}
    assert len(TABLES[3]) == 7 * 2 * 2   # fine-tuned / frozen x datasets


@pytest.mark.parametrize('path', TABLES[4], ids=osp.basename)
def test_table4_lira_finetuned_composite_loss(path):
    cfg = Config.fromfile(path)
    ds = _dataset(path)
    assert _pretext(cfg) == 'lira' and cfg.model.backbone.frozen == 'none'
    assert _weights(cfg) == BEST[ds]
    train = [t.type for t in cfg.train_dataloader.dataset.pipeline]
    test = cfg.test_dataloader.dataset.pipeline
    aug = osp.basename(path).split('-aug-')[1].rsplit('_', 1)[0]
    if 'crop' in aug.split('-'):
        size = dict(sewa=82, recola=80)[ds]
        crop = [t for t in cfg.train_dataloader.dataset.pipeline
                if t.type == 'RandomCrop'][0]
        assert crop.size == size and 'Resize' not in train
        for loader in (cfg.val_dataloader, cfg.test_dataloader):
            centre = [t for t in loader.dataset.pipeline
                      if t.type == 'CenterCrop']
            assert centre and centre[0].crop_size == size
    else:
        assert 'RandomCrop' not in train
        assert not any(t.type == 'CenterCrop' for t in test)
