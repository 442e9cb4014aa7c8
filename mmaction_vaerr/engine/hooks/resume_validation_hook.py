"""Rerun, on resume, the validation that followed the resumed checkpoint."""
from __future__ import annotations

import bisect
from typing import Optional

from mmengine.hooks import Hook
from mmengine.runner import EpochBasedTrainLoop, IterBasedTrainLoop

from mmaction.registry import HOOKS

PENDING_KEY = 'vaerr_val_pending'


def _val_follows(runner, loop, step: int, last: int) -> bool:
    """The condition of mmengine's train loops for validating after
    ``step`` (1-based epoch or iteration), its dynamic intervals included."""
    if runner.val_loop is None or step < loop.val_begin:
        return False
    interval = loop.val_interval
    if getattr(loop, 'dynamic_milestones', None):
        k = bisect.bisect(loop.dynamic_milestones, step + 1)
        interval = loop.dynamic_intervals[k - 1]
    return step % interval == 0 or step == last


@HOOKS.register_module()
class ResumeValidationHook(Hook):
    """Make ``--resume`` rerun a validation the stopped run may have lost.

    mmengine saves the epoch's (or iteration's) checkpoint, then validates;
    ``save_best`` bookkeeping (best score, best checkpoint) reaches only the
    *next* checkpoint. A run killed between the two resumes after the
    validation, which is lost, and keeps another best checkpoint than an
    uninterrupted run. This hook marks a checkpoint saved just before a
    validation (``meta['vaerr_val_pending']``); resuming from it runs that
    validation before training goes on, so the best checkpoint, its score
    and the validation logs are those of an uninterrupted run (the weights
    are the same, so is the metric). ``load_from`` without resume (a new
    training) ignores the mark.

    :mod:`mmaction_vaerr.compat` registers it on every Runner.
    """
    priority = 'LOWEST'

    def __init__(self) -> None:
        self._phase: Optional[str] = None
        self._resumed: Optional[dict] = None

    def before_train_iter(self, runner, batch_idx, data_batch=None) -> None:
        self._phase = 'iter'

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None) -> None:
        # runs after CheckpointHook's after_train_iter (LOWEST priority)
        self._phase = 'iter_done'

    def after_train_epoch(self, runner) -> None:
        self._phase = None

    def before_val(self, runner) -> None:
        self._phase = None

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        loop = runner.train_loop
        if isinstance(loop, EpochBasedTrainLoop):
            due = self._phase == 'iter_done' and _val_follows(
                runner, loop, loop.epoch + 1, loop.max_epochs)
        elif isinstance(loop, IterBasedTrainLoop):
            due = self._phase == 'iter' and _val_follows(
                runner, loop, loop.iter + 1, loop.max_iters)
        else:
            due = False
        checkpoint.setdefault('meta', {})[PENDING_KEY] = bool(due)

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        meta = checkpoint.get('meta') or {}
        self._resumed = meta if meta.get(PENDING_KEY) else None

    def before_train(self, runner) -> None:
        meta, self._resumed = self._resumed, None
        if meta is None or runner.val_loop is None or (
                runner.epoch, runner.iter) != (meta.get('epoch'),
                                               meta.get('iter')):
            return  # nothing pending, or load_from a new training
        unit = 'epoch' if isinstance(runner.train_loop,
                                     EpochBasedTrainLoop) else 'iter'
        at = runner.epoch if unit == 'epoch' else runner.iter
        runner.logger.info(
            f'The resumed checkpoint ({unit} {at}) was saved before its '
            'validation, which the stopped run may not have finished: '
            'validating now')
        runner.val_loop.run()
