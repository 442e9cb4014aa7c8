"""The benchmark's accuracy section: a fast path that computes the same
function as fp32 (the tap stem) gets fp32's CCC and agrees with it."""
import os.path as osp

import pytest
import torch

from mmaction_vaerr.benchmark import bench_model as bm
from mmaction_vaerr.benchmark.bench_accuracy import (accuracy_section,
                                                     load_test_set)

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIG = osp.join(REPO, 'configs', 'vaerr',
                  'vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py')


def test_same_function_same_scores(tiny_synthetic):
    torch.manual_seed(0)
    state = bm.clone_state(bm.build_project_model(CONFIG))
    items = load_test_set(CONFIG, tiny_synthetic, max_videos=1)
    out = accuracy_section(CONFIG, state, items,
                           dict(tap=dict(tap_stem=True)))
    assert out['videos'] == 1 and out['frames'] > 0
    for d in ('arousal', 'valence'):
        assert -1 <= out['fp32'][d] <= 1
        tap = out['tap'][d]
        assert tap['ccc'] == pytest.approx(out['fp32'][d], abs=1e-4)
        assert tap['ccc_diff_vs_fp32'] == pytest.approx(0, abs=1e-4)
        assert tap['ccc_vs_fp32_pred'] == pytest.approx(1, abs=1e-4)
    assert out['tap']['max_abs_diff_vs_fp32'] < 1e-4
