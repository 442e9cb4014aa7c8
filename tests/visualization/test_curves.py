import json
import os.path as osp

import pytest

from mmaction_vaerr.tools.analysis import plot_curves as tool
from mmaction_vaerr.visualization.curves import (find_scalars, load_scalars,
                                                 plot_curves, split_records,
                                                 val_axis)


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


def _iter_run(val_step):
    """Training logged every 20 iterations, validation every 50."""
    events = [(it, 0, dict(loss=1.0, iter=it, step=it))
              for it in range(20, 201, 20)]
    events += [(it, 1, {'va/ccc_mean': it / 200, 'step': val_step(it)})
               for it in range(50, 201, 50)]
    return [r for _, _, r in sorted(events, key=lambda e: e[:2])]


def test_val_axis_epoch_and_iteration_runs(run_dir):
    val, xs, label = val_axis(load_scalars(find_scalars(run_dir)))
    assert (xs, label) == ([1, 2], 'epoch')
    # iteration-based, logger(log_metric_by_epoch=False): step = iteration
    val, xs, label = val_axis(_iter_run(lambda it: it - it % 50))
    assert (xs, label) == ([50, 100, 150, 200], 'iteration')
    assert [r['va/ccc_mean'] for r in val] == [0.25, 0.5, 0.75, 1.0]
    # iteration-based with mmengine's default: step 0 every time; the
    # last logged training iteration stands in
    val, xs, label = val_axis(_iter_run(lambda it: 0))
    assert (xs, label) == ([40, 100, 140, 200], 'iteration')


def test_tool(run_dir, tmp_path, capsys):
    assert tool.main([run_dir, '--out-dir', str(tmp_path / 'c')]) == 0
    assert osp.isfile(tmp_path / 'c' / 'losses.png')
    assert 'wrote' in capsys.readouterr().out


def test_bad_logs(tmp_path, capsys):
    bad = tmp_path / 'scalars.json'
    bad.write_text('{"loss": 1, "iter": 1}\nnot json\n')
    with pytest.raises(ValueError, match=':2:'):
        load_scalars(str(bad))
    assert tool.main([str(tmp_path / 'nowhere')]) == 2
    assert 'no vis_data/scalars.json' in capsys.readouterr().err
