"""The overrides tools/quickstart.py and tools/ssl_experiment.py pass to
tools/train.py land where the quickstart config expects them."""
import argparse
import os.path as osp
import sys

from mmengine.config import Config, DictAction

TOOLS = osp.join(osp.dirname(osp.dirname(osp.dirname(osp.abspath(
    __file__)))), 'tools')
sys.path.insert(0, TOOLS)
import quickstart  # noqa: E402
import ssl_experiment  # noqa: E402


def _apply(opts):
    p = argparse.ArgumentParser()
    p.add_argument('--cfg-options', nargs='+', action=DictAction)
    cfg = Config.fromfile(ssl_experiment.DOWNSTREAM)
    cfg.merge_from_dict(p.parse_args(['--cfg-options', *opts]).cfg_options)
    return cfg


def test_schedule_and_data_options():
    assert ssl_experiment.DOWNSTREAM == quickstart.CONFIG
    cfg = _apply(quickstart.data_opts('/data/x') +
                 quickstart.schedule_opts(200))
    for split in ('train', 'val', 'test'):
        assert cfg[f'{split}_dataloader'].dataset.data_root == '/data/x'
    assert cfg.train_cfg.type == 'IterBasedTrainLoop'
    assert (cfg.train_cfg.max_iters, cfg.train_cfg.val_interval) == (200, 50)
    assert cfg.default_hooks.checkpoint.interval == 50
    sched = cfg.param_scheduler[0]
    assert (sched.end, sched.T_max, sched.by_epoch) == (200, 200, False)
    # a tiny run still validates and saves at least once
    assert _apply(quickstart.schedule_opts(3)).train_cfg.val_interval == 1


def test_best_checkpoint_falls_back_to_last(tmp_path):
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'iter_8.pth'))
    assert quickstart.best_checkpoint(str(tmp_path)).endswith('iter_8.pth')
    (tmp_path / 'best_va_ccc_mean_iter_4.pth').write_bytes(b'')
    assert quickstart.best_checkpoint(str(tmp_path)).endswith(
        'best_va_ccc_mean_iter_4.pth')
