"""tools/paper_tables.py: every table row becomes its miniature by merging
the committed mini base (and nothing else changes), and a 1-step miniature
of Tables II and IV runs end to end on a tiny synthetic set."""
import json
import os.path as osp

import pytest
from mmengine.config import Config

from mmaction_vaerr.testing import single_thread
from mmaction_vaerr.tools import paper_tables

MINI = paper_tables.load_mini()


@pytest.mark.parametrize('table,n,exclude,n_kept', [
    (2, 7, [], 7), (3, 16, ['frozen'], 8),
    (4, 14, ['aug-(flip|crop|cropout)-'], 7)])
@pytest.mark.parametrize('dataset', ['sewa', 'recola'])
def test_rows_and_mini_configs(table, n, exclude, n_kept, dataset, tmp_path):
    rows = paper_tables.table_rows(table, dataset)
    assert len(rows) == n and all(osp.isfile(r) for r in rows)
    assert all(r.endswith(f'_{dataset}.py') for r in rows)
    kept = paper_tables.table_rows(table, dataset, exclude)
    assert len(kept) == n_kept and set(kept) <= set(rows)
    ckpts = dict(lira='L.pth', byol='B.pth', dino='D.pth')
    stats = MINI['model']['data_preprocessor']
    for row in rows:
        orig = Config.fromfile(row)
        cfg = paper_tables.mini_downstream_config(row, MINI, str(tmp_path),
                                                  ckpts)
        assert cfg.train_cfg.max_iters == MINI['iters'] == 30
        assert 'max_epochs' not in cfg.train_cfg   # MINI is not consumed
        assert cfg.val_cfg is None and cfg.val_dataloader is None
        assert cfg.train_dataloader.batch_size == 4
        for split in ('train', 'test'):
            ds = cfg[f'{split}_dataloader'].dataset
            assert ds.data_root == MINI['data_root']
            assert ds.ann_file == f'splits/{split}.txt'
        assert cfg.model.data_preprocessor.mean == stats['mean'] != \
            orig.model.data_preprocessor.mean
        # what the table varies is the row's own
        assert cfg.model.cls_head.loss_va == orig.model.cls_head.loss_va
        assert cfg.optim_wrapper == orig.optim_wrapper
        assert cfg.model.backbone.frozen == orig.model.backbone.frozen
        types = [t['type'] for t in cfg.train_dataloader.dataset.pipeline]
        assert types == [t['type'] for t in
                         orig.train_dataloader.dataset.pipeline]
        seg = [t for t in cfg.train_dataloader.dataset.pipeline
               if t['type'] == 'SampleVASegment'][0]
        assert seg.clip_len == MINI['clip_len']
        init = cfg.model.backbone.get('init_cfg')
        if table > 2 or 'scratch' not in row:
            assert init.checkpoint in ckpts.values()
        if table > 2:
            assert init.checkpoint == 'L.pth'


def test_mini_pretext_configs_are_committed_and_unchanged():
    for method, path in MINI['pretext_configs'].items():
        cfg = paper_tables.mini_pretext_config(method, MINI)
        assert cfg.train_cfg.max_epochs == MINI['pretext_epochs']
        assert cfg.work_dir == osp.join('work_dirs', osp.basename(path)[:-3])
        assert cfg.train_dataloader.dataset.split == 'pretrain'
        assert cfg.to_dict() == {**Config.fromfile(
            osp.join(paper_tables.REPO, path)).to_dict(),
            'work_dir': cfg.work_dir}


def test_set_epochs_finds_schedulers_by_type():
    cfg = Config.fromfile(osp.join(paper_tables.REPO,
                                   MINI['pretext_configs']['dino']))
    cfg.param_scheduler = list(reversed(cfg.param_scheduler))  # reorder
    paper_tables.set_epochs(cfg, 3)
    by_type = {s['type']: s for s in cfg.param_scheduler}
    assert (by_type['CosineAnnealingLR'].end,
            by_type['CosineAnnealingLR'].T_max) == (3, 2)
    assert by_type['LinearLR'].end == 1 and cfg.train_cfg.max_epochs == 3


@pytest.mark.long
def test_one_step_miniature(tmp_path):
    """Tables II and IV, 2 rows each, 1 step, on a tiny synthetic set."""
    mini = dict(MINI, data_root=str(tmp_path / 'data'),
                data_subjects=dict(pretrain=2, train=2, val=1, test=1),
                data_videos_per_subject=1, data_num_frames=(24, 24),
                clip_len=4, pretext_epochs=1, pretext_batch_size=2)
    mini['train_cfg'] = dict(mini['train_cfg'], max_iters=1)
    mini['default_hooks'] = dict(mini['default_hooks'], checkpoint=dict(
        mini['default_hooks']['checkpoint'], interval=1))
    for split in ('train_dataloader', 'test_dataloader'):
        mini[split] = dict(mini[split], dataset=dict(
            mini[split]['dataset'], data_root=mini['data_root']))
    pretext = str(tmp_path / 'pre')
    with single_thread():
        paper_tables.generate(mini)
        for table in (2, 4):
            res = paper_tables.run_table(table, 'sewa', str(tmp_path / 'w'),
                                         mini, limit=2, pretext_root=pretext)
            assert len(res) == 2
            for r in res:
                assert -1 <= r['va/ccc_mean'] <= 1 and r['seed'] == 0, r
            md = paper_tables.to_markdown(table, 'sewa', res)
            assert osp.basename(res[0]['config']) in md
    assert osp.isfile(osp.join(
        pretext, 'byol_r18-stem3d_1xb8-12e_synthetic-mini', 'epoch_1.pth'))
    assert osp.isfile(osp.join(
        pretext, 'lira_r18-stem3d-conformer_1xb8-12e_synthetic-mini',
        'epoch_1.pth'))
    json.dumps(res)


def test_rows_measured_by_another_table_are_copied(tmp_path):
    """Table IV's no-augmentation row is Table III's composite-loss cell:
    with that result at hand nothing is trained (no pretext, no row)."""
    rows = paper_tables.table_rows(4, 'sewa', ['aug-'])
    assert len(rows) == 1 and '/table3/' in rows[0]
    rel = osp.relpath(rows[0], paper_tables.REPO)
    got = []
    res = paper_tables.run_table(
        4, 'sewa', str(tmp_path), MINI, exclude=['aug-'],
        shared={rel: {'config': rel, 'va/ccc_mean': 0.25}},
        pretext_root=str(tmp_path / 'none'), on_row=got.append)
    assert res == [{'config': rel, 'va/ccc_mean': 0.25, 'shared': True}]
    assert got == [] and not osp.exists(tmp_path / 'none')
