"""A run killed between a checkpoint and its validation resumes with the
best checkpoint of an uninterrupted run; auto-resume skips a truncated
``last_checkpoint``; ``--resume`` / ``load_from`` refuse a malicious file.

Toy model with a known answer: the weight ``w`` grows by exactly 1 per
training step (SGD, lr 1, loss ``-w``); validation scores ``-|w - 2|``, so
the best checkpoint is the one of step 2 (score 0). Losing the validation
of step 2 makes step 1 (score -1, not beaten by step 3's -1) the best.
"""
import glob
import itertools
import os.path as osp

import pytest
import torch
import torch.nn as nn
from mmengine.evaluator import BaseMetric
from mmengine.hooks import Hook
from mmengine.model import BaseModel
from mmengine.runner import Runner
from torch.utils.data import Dataset

from mmaction.registry import METRICS
from mmaction_vaerr.checkpoint_io import (CorruptCheckpointError,
                                          UnsafeCheckpointError)


class _One(Dataset):
    def __len__(self):
        return 1

    def __getitem__(self, i):
        return dict(x=torch.ones(1))


class _Grow(BaseModel):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.zeros(1))

    def forward(self, x, mode='tensor'):
        if mode == 'loss':
            return dict(loss=-self.w.sum())
        return [dict(w=float(self.w))]


@METRICS.register_module(force=True)
class _DistanceTo2(BaseMetric):
    def process(self, data_batch, data_samples):
        self.results.extend(data_samples)

    def compute_metrics(self, results):
        return dict(score=-abs(results[0]['w'] - 2.0))


class _KillDuringValidation(Hook):
    """Raises in the validation after checkpoint ``at``, once."""

    def __init__(self, at, by_epoch):
        self.at, self.by_epoch = at, by_epoch

    def before_val(self, runner):
        if (runner.epoch if self.by_epoch else runner.iter) == self.at:
            raise KeyboardInterrupt('killed')


_names = itertools.count()


def _runner(work_dir, by_epoch, resume=False, hooks=()):
    loop = dict(by_epoch=True, max_epochs=4, val_interval=1) if by_epoch \
        else dict(by_epoch=False, max_iters=4, val_interval=1)
    return Runner(
        model=_Grow(), work_dir=work_dir, train_cfg=loop, val_cfg=dict(),
        train_dataloader=dict(dataset=_One(), batch_size=1,
                              sampler=dict(type='DefaultSampler'),
                              collate_fn=dict(type='default_collate')),
        val_dataloader=dict(dataset=_One(), batch_size=1,
                            sampler=dict(type='DefaultSampler',
                                         shuffle=False),
                            collate_fn=dict(type='default_collate')),
        val_evaluator=dict(type='_DistanceTo2'),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=1.0)),
        default_hooks=dict(checkpoint=dict(
            type='CheckpointHook', interval=1, by_epoch=by_epoch,
            save_best='score', rule='greater')),
        custom_hooks=list(hooks), resume=resume, default_scope='mmaction',
        experiment_name=f'resume_validation_{next(_names)}')


def _best(work_dir):
    found = glob.glob(osp.join(work_dir, 'best_score_*.pth'))
    assert len(found) == 1, found
    ckpt = torch.load(found[0], weights_only=False)
    return (osp.basename(found[0]), float(ckpt['state_dict']['w']),
            ckpt['message_hub']['runtime_info']['best_score'])


@pytest.mark.parametrize('by_epoch', [True, False], ids=['epoch', 'iter'])
def test_resume_reruns_the_lost_validation(tmp_path, by_epoch):
    unit = 'epoch' if by_epoch else 'iter'
    plain = str(tmp_path / 'plain')
    _runner(plain, by_epoch).train()
    assert _best(plain) == (f'best_score_{unit}_2.pth', 2.0, 0.0)

    killed = str(tmp_path / 'killed')
    with pytest.raises(KeyboardInterrupt):
        _runner(killed, by_epoch,
                hooks=[_KillDuringValidation(2, by_epoch)]).train()
    assert osp.isfile(osp.join(killed, f'{unit}_2.pth'))
    assert _best(killed)[0] == f'best_score_{unit}_1.pth'
    resumed = _runner(killed, by_epoch, resume=True)
    resumed.train()
    assert resumed.iter == 4
    assert _best(killed) == _best(plain)


def test_load_from_a_pending_checkpoint_does_not_validate(tmp_path):
    """A new training from such a checkpoint does not rerun its validation
    (only a resumed run owes it)."""
    src = str(tmp_path / 'src')
    with pytest.raises(KeyboardInterrupt):
        _runner(src, True, hooks=[_KillDuringValidation(2, True)]).train()
    ckpt = torch.load(osp.join(src, 'epoch_2.pth'), weights_only=False)
    assert ckpt['meta']['vaerr_val_pending'] is True
    done = torch.load(osp.join(src, 'best_score_epoch_1.pth'),
                      weights_only=False)
    assert done['meta']['vaerr_val_pending'] is False
    runner = _runner(str(tmp_path / 'new'), True)
    runner._load_from = osp.join(src, 'epoch_2.pth')
    calls = []
    runner.val_loop.run = lambda: calls.append(runner.epoch)
    runner.train()
    assert calls == [1, 2, 3, 4]  # the 4 validations of the new training


def test_auto_resume_skips_a_truncated_last_checkpoint(tmp_path):
    work = str(tmp_path / 'work')
    _runner(work, True).train()
    last = osp.join(work, 'epoch_4.pth')
    with open(osp.join(work, 'last_checkpoint')) as f:
        assert f.read().strip() == last
    data = open(last, 'rb').read()
    with open(last, 'wb') as f:  # a kill while torch.save wrote it
        f.write(data[:len(data) // 3])
    resumed = _runner(work, True, resume=True)
    resumed.train()
    log = ''.join(open(f).read() for f in
                  sorted(glob.glob(osp.join(work, '*', '*.log'))))
    assert f'{last} is truncated or not a checkpoint' in log
    assert 'resuming from ' + osp.join(work, 'epoch_3.pth') in log
    assert 'resumed epoch: 3, iter: 3' in log
    assert resumed.iter == 4 and resumed.model.w.item() == 4.0

    for f in glob.glob(osp.join(work, '*.pth')):
        with open(f, 'wb') as out:
            out.write(b'')
    with pytest.raises(CorruptCheckpointError, match='no readable checkpoint'):
        _runner(work, True, resume=True).train()


class _MakeDirs:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        import os
        return os.makedirs, (self.marker,)


@pytest.mark.parametrize('resume', [True, False], ids=['resume', 'load_from'])
def test_resume_and_load_from_refuse_a_malicious_checkpoint(tmp_path,
                                                            resume):
    marker = tmp_path / 'pwned'
    evil = str(tmp_path / 'evil.pth')
    torch.save(dict(state_dict={'w': torch.zeros(1)},
                    meta=dict(epoch=1, iter=1, x=_MakeDirs(str(marker)))),
               evil)
    runner = _runner(str(tmp_path / 'work'), True, resume=resume)
    runner._load_from = evil
    with pytest.raises(UnsafeCheckpointError, match='refused to load'):
        runner.train()
    assert not marker.exists()
