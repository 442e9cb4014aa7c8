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


def test_ssl_experiment_never_reuses_a_run_made_with_other_settings(
        tmp_path, monkeypatch):
    """Run folders carry pretext epochs, fine-tuning steps and seed, and the
    seed reaches both training commands."""
    calls = []
    monkeypatch.setattr(ssl_experiment, 'run', calls.append)

    def args(**kw):
        a = dict(work_dir=str(tmp_path), data_root='/d', pretext_epochs=20,
                 finetune_iters=200, seed=0)
        a.update(kw)
        return argparse.Namespace(**a)

    ckpts = {ssl_experiment.pretrain('lira', args(**kw))
             for kw in ({}, dict(pretext_epochs=40), dict(seed=1))}
    assert len(ckpts) == 3
    assert all('randomness.seed=' in ' '.join(c) for c in calls)
    assert 'randomness.seed=1' in calls[-1]

    monkeypatch.setattr(ssl_experiment, 'best_checkpoint', lambda w: 'x.pth')
    monkeypatch.setattr('mmaction_vaerr.evaluation.score_dump',
                        lambda dump: dict(dump=dump))
    dumps = {ssl_experiment.finetune('scratch', args(**kw), [])['dump']
             for kw in ({}, dict(finetune_iters=320), dict(seed=2))}
    assert len(dumps) == 3
    train_cmd = calls[-2]
    assert train_cmd[1] == 'tools/train.py'
    assert 'randomness.seed=2' in train_cmd
