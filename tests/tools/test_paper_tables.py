"""tools/paper_tables.py: every table config maps to a mini run, and a
1-step miniature of Tables II and IV runs end to end on synthetic data."""
import json
import os.path as osp
import sys

import pytest
import torch

TOOLS = osp.join(osp.dirname(osp.dirname(osp.dirname(osp.abspath(
    __file__)))), 'tools')
sys.path.insert(0, TOOLS)
import paper_tables  # noqa: E402


@pytest.mark.parametrize('table,n', [(2, 7), (3, 16), (4, 14)])
@pytest.mark.parametrize('dataset', ['sewa', 'recola'])
def test_rows_and_mini_configs(table, n, dataset, tmp_path):
    rows = paper_tables.table_rows(table, dataset)
    assert len(rows) == n and all(osp.isfile(r) for r in rows)
    assert all(r.endswith(f'_{dataset}.py') for r in rows)
    ckpts = dict(lira='L.pth', byol='B.pth', dino='D.pth')
    for row in rows:
        cfg = paper_tables.mini_downstream_config(
            row, paper_tables.MINI, str(tmp_path), ckpts)
        assert cfg.train_cfg.max_iters == paper_tables.MINI['iters']
        for split in ('train', 'val', 'test'):
            ds = cfg[f'{split}_dataloader'].dataset
            assert ds.data_root == paper_tables.MINI['data_root']
            assert ds.ann_file == f'splits/{split}.txt'
        init = cfg.model.backbone.get('init_cfg')
        if table > 2 or 'scratch' not in row:
            assert init.checkpoint in ckpts.values()
        if table > 2:
            assert init.checkpoint == 'L.pth'
        assert cfg.model.data_preprocessor.mean != [107.355]


def test_set_epochs_finds_schedulers_by_type():
    from mmengine.config import Config
    cfg = Config.fromfile(osp.join(paper_tables.CFG, 'selfsup',
                                   paper_tables.PRETEXT['dino']))
    cfg.param_scheduler = list(reversed(cfg.param_scheduler))  # reorder
    paper_tables.set_epochs(cfg, 3)
    by_type = {s['type']: s for s in cfg.param_scheduler}
    assert (by_type['CosineAnnealingLR'].end,
            by_type['CosineAnnealingLR'].T_max) == (3, 2)
    assert by_type['LinearLR'].end == 1 and cfg.train_cfg.max_epochs == 3


def test_one_step_miniature(tmp_path):
    """Tables II and IV, 2 rows each, 1 step, on a tiny synthetic set."""
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    mini = dict(paper_tables.MINI, data_root=str(tmp_path / 'data'),
                subjects=dict(pretrain=2, train=2, val=1, test=1),
                videos_per_subject=1, num_frames=(24, 24), clip_len=4,
                iters=1, pretext_epochs=1, pretext_batch_size=2)
    try:
        paper_tables.generate(mini)
        for table in (2, 4):
            res = paper_tables.run_table(table, 'sewa', str(tmp_path / 'w'),
                                         mini, limit=2)
            assert len(res) == 2
            for r in res:
                assert -1 <= r['va/ccc_mean'] <= 1, r
            md = paper_tables.to_markdown(table, 'sewa', res)
            assert osp.basename(res[0]['config']) in md
    finally:
        torch.set_num_threads(n)
    assert osp.isfile(tmp_path / 'w' / 'pretext_byol' / 'epoch_1.pth')
    assert osp.isfile(tmp_path / 'w' / 'pretext_lira' / 'epoch_1.pth')
    json.dumps(res)
