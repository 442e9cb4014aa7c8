"""Checkpoints for the demo tests (tests/tools/test_demo*.py)."""
import os.path as osp

import pytest
import torch

from mmaction_vaerr.apis import init_model

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CFG = osp.join(REPO, 'configs', 'vaerr', '{}_scratch_1xb4-20e_synthetic.py')


@pytest.fixture(scope='session')
def ckpts(tmp_path_factory):
    """``{'gru': (config, checkpoint), 'unigru': (...)}``: seeded initial
    weights. These tests check the tools' input/output contract, not the
    quality of the predictions."""
    out = {}
    for arch in ('vaerr_r18-stem3d-gru', 'vaerr_r18-stem3d-unigru'):
        torch.manual_seed(0)
        model = init_model(CFG.format(arch))
        model.init_weights()
        path = str(tmp_path_factory.mktemp('ckpt') / f'{arch}.pth')
        torch.save(dict(state_dict=model.state_dict()), path)
        out[arch.split('-')[-1]] = (CFG.format(arch), path)
    return out
