"""cross_dataset_eval: trains on A, tests on B, table + JSON; class_weights
prints the weights of a config's training labels."""
import json
import os.path as osp
import subprocess
import sys

import numpy as np
import pytest

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
TASKS = osp.join(REPO, 'configs', 'tasks')
SHRINK = '''
_base_ = [{base!r}]


def _loader(test):
    sample = dict(type='SampleFrames', clip_len=4, frame_interval=1,
                  num_clips=1, test_mode=test)
    pipe = [dict(type='DecordInit'), sample, dict(type='DecordDecode'),
            dict(type='ToGray'), dict(type='FormatShape',
                                      input_format='NCTHW'),
            dict(type='PackActionInputs')]
    data = dict(data_root={root!r}, data_prefix=dict(video={root!r}),
                pipeline=pipe)
    if test:
        data['actors'] = None
    return dict(batch_size=2, num_workers=0, persistent_workers=False,
                dataset=data)


train_dataloader = _loader(False)
test_dataloader = _loader(True)
val_dataloader = None
val_cfg = None
val_evaluator = None
train_cfg = dict(max_epochs=1, val_interval=10)
param_scheduler = dict(end=1, T_max=1)
default_hooks = dict(checkpoint=dict(save_best=None), logger=dict(interval=1))
visualizer = dict(vis_backends=[dict(type='LocalVisBackend')])
'''


def tiny_config(tmp_path, name, base, root):
    path = tmp_path / f'{name}.py'
    path.write_text(SHRINK.format(base=osp.join(TASKS, base), root=root))
    return str(path)


def run(args, cwd):
    return subprocess.run([sys.executable] + args, cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def test_train_on_a_test_on_b(tmp_path, tiny_ravdess, tiny_crema_d):
    rav = tiny_config(tmp_path, 'rav',
                      'clsemo_r18-stem3d-gru_scratch_1xb8-30e_'
                      'ravdess-common6.py', tiny_ravdess)
    cre = tiny_config(tmp_path, 'cre',
                      'clsemo_r18-stem3d-gru_scratch_1xb8-30e_crema-d.py',
                      tiny_crema_d)
    rav8 = tiny_config(tmp_path, 'rav8',
                       'clsemo_r18-stem3d-gru_scratch_1xb8-30e_ravdess.py',
                       tiny_ravdess)
    out = tmp_path / 'cross.json'
    res = run([osp.join(REPO, 'tools', 'analysis', 'cross_dataset_eval.py'),
               '--model', f'ravdess={rav}',
               '--test', f'ravdess={rav}', '--test', f'crema-d={cre}',
               '--test', f'ravdess8={rav8}', '--train',
               '--work-dir', str(tmp_path / 'w'), '--out', str(out)],
              cwd=str(tmp_path))
    assert res.returncode == 1, res.stderr[-3000:]   # the 8-class pair fails
    assert 'class names differ' in res.stderr
    data = json.loads(out.read_text())['results']
    for b in ('ravdess', 'crema-d'):          # 3 actors x 6 classes each
        r = data['ravdess'][b]
        assert 0.0 <= r['emotion/uar'] <= 1.0
        assert r['emotion/num_clips'] == 18
    assert 'error' in data['ravdess']['ravdess8']
    assert osp.isfile(data['ravdess']['crema-d']['checkpoint'])
    assert '| ravdess |' in res.stdout and 'failed' in res.stdout
    assert json.loads(out.read_text())['written_by'] == \
        'tools/analysis/cross_dataset_eval.py'     # a rerun may replace it
    foreign = tmp_path / 'foreign.json'
    foreign.write_text('{}')
    again = run([osp.join(REPO, 'tools', 'analysis', 'cross_dataset_eval.py'),
                 '--model', f'ravdess={rav}', '--test', f'ravdess={rav}',
                 '--out', str(foreign)], cwd=str(tmp_path))
    assert again.returncode == 2 and '--overwrite' in again.stderr
    assert 'foreign.json' in again.stderr and foreign.read_text() == '{}'


def test_class_weights_tool(tmp_path, tiny_synthetic):
    cfg = tmp_path / 'expr.py'
    base = osp.join(TASKS, 'au_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py')
    cfg.write_text(
        f"_base_ = [{base!r}]\n"
        f"train_dataloader = dict(dataset=dict(data_root={tiny_synthetic!r},"
        " tasks=('expr', 'au')))\n")
    out = tmp_path / 'w.json'
    res = run([osp.join(REPO, 'tools', 'analysis', 'class_weights.py'),
               str(cfg), '--json', str(out)], cwd=str(tmp_path))
    assert res.returncode == 0, res.stderr[-2000:]
    got = json.loads(out.read_text())
    from mmaction_vaerr.datasets.annotations import (read_affwild2_au_txt,
                                                     read_affwild2_expr_txt)
    from mmaction_vaerr.datasets import read_split
    vids = read_split(osp.join(tiny_synthetic, 'splits', 'train.txt'))
    expr = np.concatenate([read_affwild2_expr_txt(osp.join(
        tiny_synthetic, 'EXPR_Recognition_Challenge', v + '.txt'))
        for v in vids])
    au = np.concatenate([read_affwild2_au_txt(osp.join(
        tiny_synthetic, 'AU_Detection_Challenge', v + '.txt')) for v in vids])
    counts = np.bincount(expr, minlength=8)
    assert got['counts']['expr'] == counts.tolist()
    present = counts > 0
    w = np.array(got['class_weight'])
    np.testing.assert_allclose(w[present] * counts[present],
                               counts.sum() / 8, rtol=1e-3)
    pos, neg = (au == 1).sum(0), (au == 0).sum(0)
    assert got['pos_weight'][0] == pytest.approx(neg[0] / pos[0], rel=1e-3)
