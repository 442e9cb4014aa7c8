"""tools/analysis/feature_spread.py tells a collapsed backbone from a live
one: statistics with known answers, and the command on real decoded clips."""
import json
import os.path as osp
import subprocess
import sys

import numpy as np
import pytest
import torch

from mmaction_vaerr.tools.analysis import feature_spread

TOOLS = osp.join(osp.dirname(osp.dirname(osp.dirname(osp.abspath(
    __file__)))), 'tools', 'analysis')


def test_effective_rank_known_answers():
    rng = np.random.default_rng(0)
    iso = rng.standard_normal((4000, 8))
    assert feature_spread.effective_rank(iso) == pytest.approx(8, abs=0.3)
    # two directions with equal energy: exp(log 2) = 2
    a, b = rng.choice([-1.0, 1.0], (2, 1000))
    u, v = np.eye(16)[:2]
    two = np.outer(a, u) + np.outer(b, v) + 5.0
    assert feature_spread.effective_rank(two) == pytest.approx(2, abs=0.05)
    assert feature_spread.effective_rank(np.ones((50, 16))) == 0.0


def test_spread_stats_known_answers():
    rng = np.random.default_rng(1)
    const = np.tile(rng.random(32), (40, 1))
    s = feature_spread.spread_stats(const, np.repeat(np.arange(4), 10))
    assert s['mean_cosine'] == pytest.approx(1.0)
    assert s['rel_spread'] == pytest.approx(0.0, abs=1e-6)
    assert (s['effective_rank'], s['video_fraction']) == (0.0, 0.0)
    # features set by the video only / varying only within videos
    video = np.repeat(np.arange(5), 20)
    offsets = rng.standard_normal((5, 32))[video]
    assert feature_spread.spread_stats(
        offsets, video)['video_fraction'] == pytest.approx(1.0)
    within = rng.standard_normal((100, 32))
    within -= np.stack([within[video == v].mean(0) for v in video])
    assert feature_spread.spread_stats(
        within, video)['video_fraction'] == pytest.approx(0.0, abs=1e-9)
    # orthogonal unit rows: cosine 0
    assert feature_spread.spread_stats(
        np.eye(6), np.arange(6))['mean_cosine'] == pytest.approx(0.0)


def _collapsed_checkpoint(path):
    """Every weight 0, last BN bias 1: the same feature for every input."""
    from mmaction_vaerr.models.backbones import ResNet18Stem3D
    state = ResNet18Stem3D(in_channels=1).state_dict()
    for k, v in state.items():
        if v.is_floating_point():
            v.fill_(1.0 if k.endswith('running_var') else 0.0)
    state['layer4.1.bn2.bias'].fill_(1.0)
    torch.save({'state_dict': {'backbone.' + k: v for k, v in state.items()}},
               path)


def test_command_flags_the_collapsed_backbone(tiny_synthetic, tmp_path):
    ckpt = str(tmp_path / 'collapsed.pth')
    _collapsed_checkpoint(ckpt)
    out = subprocess.run(
        [sys.executable, osp.join(TOOLS, 'feature_spread.py'), tiny_synthetic,
         'random', ckpt, '--split', 'train', '--videos', '3',
         '--frames', '12'],
        capture_output=True, text=True, check=True).stdout
    rows = json.loads(out.strip().splitlines()[-1])
    live, dead = rows['random'], rows[ckpt]
    assert live['frames'] == dead['frames'] == 3 * 12   # one row per frame
    assert dead['mean_cosine'] == pytest.approx(1.0, abs=1e-6)
    assert dead['rel_spread'] < 1e-5 and dead['effective_rank'] == 0.0
    assert live['rel_spread'] > 0.01 and live['effective_rank'] > 2
    assert 0.0 < live['video_fraction'] < 1.0
