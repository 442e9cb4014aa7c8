"""tools/analysis/linear_probe.py: ridge probes with known answers, and the
command on real decoded clips with their labels."""
import json
import os.path as osp
import subprocess
import sys

import numpy as np
import pytest

from mmaction_vaerr.tools.analysis import linear_probe

TOOLS = osp.join(osp.dirname(osp.dirname(osp.dirname(osp.abspath(
    __file__)))), 'tools', 'analysis')


def _split(rng, n, d, informative):
    """Labels in [-1, 1]; features = a hidden linear map of them (plus
    noise) when ``informative``, pure noise otherwise."""
    y = rng.uniform(-1, 1, (n, 2))
    mix = np.random.default_rng(7).standard_normal((2, d))
    x = rng.standard_normal((n, d)) * 0.1
    if informative:
        x += y @ mix
    return x, y


@pytest.mark.parametrize('informative', [True, False])
def test_probe_recovers_linear_labels_and_not_noise(informative):
    rng = np.random.default_rng(0)
    train, val, test = (_split(rng, n, 32, informative)
                        for n in (400, 200, 300))
    row = linear_probe.probe(train, val, test)
    if informative:
        assert row['test_ccc_arousal'] > 0.98
        assert row['test_ccc_valence'] > 0.98
        assert row['ridge'] < 1.0       # validation picks a weak penalty
    else:
        assert abs(row['test_ccc_mean']) < 0.15
        assert row['train_ccc_mean'] > row['test_ccc_mean']
    assert (row['train_frames'], row['test_frames']) == (400, 300)


def test_ridge_penalty_shrinks_to_the_label_mean():
    rng = np.random.default_rng(1)
    x, y = _split(rng, 200, 8, True)
    strong = linear_probe.fit_ridge(x, y, 1e6)
    pred = linear_probe.predict(strong, x)
    np.testing.assert_allclose(pred, np.broadcast_to(y.mean(0), pred.shape),
                               atol=1e-4)


def test_command_on_real_clips(tiny_synthetic, tmp_path):
    out = str(tmp_path / 'probe.json')
    res = subprocess.run(
        [sys.executable, osp.join(TOOLS, 'linear_probe.py'), tiny_synthetic,
         'random', '--videos', '3', '--frames', '12', '--out', out],
        capture_output=True, text=True, check=True).stdout
    row = json.loads(res.strip().splitlines()[-1])['random']
    saved = json.load(open(out))
    assert row == saved['rows']['random']
    # the file says how it was made and on which CPU
    assert saved['command'].startswith('python tools/analysis/linear_probe.')
    assert '--videos 3 --frames 12' in saved['command']
    assert set(saved['machine']) >= {'cpu', 'cpu_id', 'torch_isa', 'flags'}
    # 3 of the 8 training videos, both videos of the one test subject
    assert (row['train_frames'], row['test_frames']) == (3 * 12, 2 * 12)
    assert -1 <= row['test_ccc_mean'] <= 1
    again = subprocess.run(
        [sys.executable, osp.join(TOOLS, 'linear_probe.py'), tiny_synthetic,
         'random', '--out', out], capture_output=True, text=True)
    assert again.returncode != 0 and 'exists' in again.stderr
    assert json.load(open(out))['rows']['random'] == row   # as it was
    subprocess.run(
        [sys.executable, osp.join(TOOLS, 'linear_probe.py'), tiny_synthetic,
         'random', '--videos', '2', '--frames', '12', '--out', out,
         '--overwrite'], capture_output=True, text=True, check=True)
    assert json.load(open(out))['rows']['random']['train_frames'] == 2 * 12
