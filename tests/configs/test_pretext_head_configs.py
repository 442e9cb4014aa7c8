"""Every pretext x head row (configs/selfsup/pretext_head/) builds, loads its
pretext checkpoint into the backbone, runs one train step and one test step
(VA + expression), and the comparison tool reads its rows."""
import glob
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.optim import build_optim_wrapper

from mmaction.registry import DATASETS, MODELS
from mmaction_vaerr.tools.analysis import pretext_head_table

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIGS = sorted(glob.glob(osp.join(REPO, 'configs', 'selfsup',
                                    'pretext_head', '*.py')))


def _shrink(dataset_cfg, root):
    dataset_cfg.data_root = root
    for t in dataset_cfg.pipeline:
        if t['type'] == 'SampleFrameSegment' and t.get('clip_len'):
            t['clip_len'] = 8
    return DATASETS.build(dataset_cfg)


def _fake_pretext(cfg, tmp_path):
    """A perturbed fresh backbone saved as a pretext checkpoint."""
    init = cfg.model.backbone.get('init_cfg')
    if not init:
        return None
    src = MODELS.build({k: v for k, v in cfg.model.backbone.items()
                        if k != 'init_cfg'})
    state = {k: v * 1.1 + 0.01 if v.is_floating_point() else v
             for k, v in src.state_dict().items()}
    init.checkpoint = str(tmp_path / 'pretext.pth')
    torch.save({'state_dict': {init.prefix + k: v for k, v in state.items()}},
               init.checkpoint)
    return state


def test_rows_cover_every_pretext_and_head():
    got = [pretext_head_table.parse_row(p) for p in CONFIGS]
    cells = {(r['backbone'], r['init'], r['head'], r['mode']) for r in got}
    assert len(cells) == len(CONFIGS) == 21 + 7
    for head in pretext_head_table.HEADS:
        for init in ('scratch', 'lira', 'byol', 'dino'):
            assert ('r18-stem3d', init, head, 'finetuned') in cells
        for init in ('scratch', 'mae', 'vjepa'):
            assert ('vit-t4-p2x8x8', init, head, 'finetuned') in cells
    # frozen-encoder probes under the GRU: every pretext + a random control
    for init in ('randinit', 'lira', 'byol', 'dino'):
        assert ('r18-stem3d', init, 'gru', 'frozen') in cells
    for init in ('randinit', 'mae', 'vjepa'):
        assert ('vit-t4-p2x8x8', init, 'gru', 'frozen') in cells
    rows = pretext_head_table.rows()
    assert 'vit' in osp.basename(rows[0]) and 'r18' in osp.basename(rows[-1])


@pytest.mark.parametrize('path', CONFIGS, ids=osp.basename)
def test_row_trains_and_tests_one_step(path, tiny_synthetic, tmp_path):
    cfg = Config.fromfile(path)
    row = pretext_head_table.parse_row(path)
    assert cfg.model.cls_head.trunk.type == dict(
        gru='GRUTrunk', tcn='TCNTrunk',
        transformer='TransformerTrunk')[row['head']]
    assert cfg.train_dataloader.dataset.data_root == 'data/synthetic_mini'
    assert cfg.model.backbone.get('frozen', 'none') == (
        'all' if row['mode'] == 'frozen' else 'none')
    if row['init'] not in ('scratch', 'randinit'):
        # the checkpoint a committed config makes
        ckpt = cfg.model.backbone.init_cfg.checkpoint
        assert row['init'] in ckpt
        assert osp.isfile(pretext_head_table.pretext_config(ckpt))
    torch.manual_seed(0)
    pretext = _fake_pretext(cfg, tmp_path)
    model = MODELS.build(cfg.model)
    model.init_weights()
    if pretext is not None:
        for k, v in pretext.items():
            torch.testing.assert_close(model.backbone.state_dict()[k], v)
    train_set = _shrink(cfg.train_dataloader.dataset, tiny_synthetic)
    optim = build_optim_wrapper(model, cfg.optim_wrapper)
    model.train()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    log_vars = model.train_step(
        pseudo_collate([train_set[0], train_set[1]]), optim)
    assert torch.isfinite(log_vars['loss'])
    assert 'loss_expr' in log_vars and 'loss_au' not in log_vars
    after = model.state_dict()
    changed = {k for k, v in after.items() if not torch.equal(v, before[k])}
    assert any(k.startswith('cls_head.') for k in changed)
    if row['mode'] == 'frozen':    # the encoder's weights and BN statistics
        assert not any(k.startswith('backbone.') for k in changed)
    else:
        assert any(k.startswith('backbone.') for k in changed)
    test_set = _shrink(cfg.test_dataloader.dataset, tiny_synthetic)
    model.eval()
    with torch.no_grad():
        out = model.test_step(pseudo_collate([test_set[0]]))[0]
    n = test_set[0]['data_samples'].frame_mask.shape[0]
    assert out.pred_va.shape == (n, 2) and out.pred_expr.shape == (n, 8)


def test_table_from_results():
    res = [dict(backbone='r18-stem3d', init='byol', head=h, seed=s,
                **{'va/ccc_mean': 0.1 * s + i, 'expr/f1_macro': 0.5})
           for s in (0, 1) for i, h in enumerate(('gru', 'tcn'))]
    res.append(dict(backbone='r18-stem3d', init='byol', head='gru', seed=0,
                    mode='frozen', **{'va/ccc_mean': 0.3,
                                      'expr/f1_macro': 0.2}))
    md = pretext_head_table.to_markdown(res)
    means, spread_md = md.split('seeds: [0, 1]')
    row, frozen = [line for line in means.splitlines() if 'byol' in line]
    # mean over the two seeds; no mode = fine-tuned; no transformer -> '-'
    assert row == ('| r18-stem3d | byol | finetuned | 0.050 | 0.500 | '
                   '1.050 | 0.500 | - | - |')
    assert frozen == ('| r18-stem3d | byol | frozen | 0.300 | 0.200 | '
                      '- | - | - | - |')
    # the seed spread: sample sd of CCC 0.0 / 0.1 over seeds -> 0.071
    spread = [line for line in spread_md.splitlines() if 'byol' in line]
    assert spread == ['| r18-stem3d | byol | finetuned | 0.071 (2) | '
                      '0.071 (2) | - |', '| r18-stem3d | byol | frozen | '
                      '- | - | - |']
