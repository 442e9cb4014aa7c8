import importlib.util
import json
import os.path as osp

import pytest

from mmaction_vaerr.visualization.curves import (find_scalars, load_scalars,
                                                 plot_curves, split_records)

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def _tool():
    spec = importlib.util.spec_from_file_location(
        'plot_curves', osp.join(REPO, 'tools', 'analysis', 'plot_curves.py'))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture
def run_dir(tmp_path):
    vis = tmp_path / 'work' / '20260101_000000' / 'vis_data'
    vis.mkdir(parents=True)
    lines = []
    for it in range(1, 9):
        lines.append(dict(lr=1e-4, loss=3 - it * 0.1, loss_ccc=1 - it * 0.05,
                          loss_ce=1.5, loss_mse=0.4, epoch=1 + it // 5,
                          iter=it, step=it))
    for ep in (1, 2):
        lines.append({'va/ccc_arousal': 0.1 * ep, 'va/ccc_valence': 0.2 * ep,
                      'va/ccc_mean': 0.15 * ep, 'va/rmse_arousal': 0.3,
                      'step': ep})
    (vis / 'scalars.json').write_text(
        '\n'.join(json.dumps(x) for x in lines) + '\n')
    return str(tmp_path / 'work')


def test_split_and_plot(run_dir, tmp_path):
    path = find_scalars(run_dir)
    train, val = split_records(load_scalars(path))
    assert len(train) == 8 and len(val) == 2
    out = plot_curves(load_scalars(path), str(tmp_path / 'curves'))
    assert set(out) == {'losses', 'val_ccc'}
    assert all(osp.getsize(p) > 1000 for p in out.values())


def test_tool(run_dir, tmp_path, capsys):
    assert _tool().main([run_dir, '--out-dir', str(tmp_path / 'c')]) == 0
    assert osp.isfile(tmp_path / 'c' / 'losses.png')
    assert 'wrote' in capsys.readouterr().out


def test_bad_logs(tmp_path, capsys):
    bad = tmp_path / 'scalars.json'
    bad.write_text('{"loss": 1, "iter": 1}\nnot json\n')
    with pytest.raises(ValueError, match=':2:'):
        load_scalars(str(bad))
    assert _tool().main([str(tmp_path / 'nowhere')]) == 2
    assert 'no vis_data/scalars.json' in capsys.readouterr().err
