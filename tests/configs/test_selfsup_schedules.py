"""The synthetic pretext configs warm up for one epoch, then anneal over the
rest of *their own* ``max_epochs``: the cosine's end and ``T_max`` are left
to mmengine's Runner, which sets an unset end to the train loop's length,
so the 12- and 20-epoch configs inherit the 5-epoch schedule unchanged."""
import glob
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.runner import Runner

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
SYNTHETIC = sorted(glob.glob(osp.join(
    REPO, 'configs', 'selfsup', '*_1xb8-*_synthetic*.py')))
EPOCH_LEN = 3


def _schedulers(cfg, work_dir):
    """The Runner's own schedulers for ``cfg``'s schedule on a toy model
    and a loader of ``EPOCH_LEN`` batches."""
    model = torch.nn.Linear(1, 1)
    loader = torch.utils.data.DataLoader(list(range(EPOCH_LEN)),
                                         batch_size=1)
    runner = Runner(
        model=model, work_dir=str(work_dir), train_dataloader=loader,
        train_cfg=dict(by_epoch=True, max_epochs=cfg.train_cfg.max_epochs),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=1.0)),
        param_scheduler=cfg.param_scheduler, default_hooks=dict(),
        default_scope='mmengine')
    runner._train_loop = runner.build_train_loop(runner._train_loop)
    runner.optim_wrapper = runner.build_optim_wrapper(runner.optim_wrapper)
    return runner.build_param_scheduler(runner.param_schedulers)


def test_configs_found():
    names = {osp.basename(p) for p in SYNTHETIC}
    assert len(names) >= 13
    assert 'byol_r18-stem3d_1xb8-20e_synthetic-ssl.py' in names


@pytest.mark.parametrize('path', SYNTHETIC, ids=osp.basename)
def test_cosine_ends_with_the_configs_own_epochs(path, tmp_path):
    cfg = Config.fromfile(path)
    epochs = cfg.train_cfg.max_epochs
    assert cfg.default_hooks.checkpoint.interval == epochs
    warm, cos = _schedulers(cfg, tmp_path)
    assert (warm.begin, warm.end) == (0, EPOCH_LEN)
    assert (cos.begin, cos.end) == (EPOCH_LEN, epochs * EPOCH_LEN)
    assert cos.T_max == (epochs - 1) * EPOCH_LEN
