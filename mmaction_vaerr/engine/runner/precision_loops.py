"""Validation and test loops whose precision is chosen from the hardware.

mmengine's ``ValLoop`` / ``TestLoop`` take ``fp16=True`` to autocast (to
bf16 on CPU). These loops take ``precision='auto'`` instead and resolve it
with :func:`mmaction_vaerr.utils.hardware.choose_precision` for the model's
device when the loop starts (bf16 only where it is native; logged).
"""
from __future__ import annotations

from typing import Dict, List, Union

from mmengine.logging import print_log
from mmengine.runner import TestLoop, ValLoop
from torch.utils.data import DataLoader

from mmaction.registry import LOOPS
from ...utils.fast_paths import device_type_of
from ...utils.hardware import choose_precision


def _resolve(loop, name: str) -> None:
    choice = choose_precision(loop.precision,
                              device_type_of(loop.runner.model))
    if not getattr(loop, 'precision_logged', False):   # once per loop
        print_log(f'{name}: {choice.message()}', logger='current')
        loop.precision_logged = True
    loop.fp16 = choice.bf16


class _PrecisionMixin:
    """Adds ``precision`` to a ValLoop/TestLoop; resolved when it runs."""

    loop_name = ''

    def __init__(self, runner, dataloader: Union[DataLoader, Dict],
                 evaluator: Union[Dict, List], precision: str = 'auto'
                 ) -> None:
        super().__init__(runner, dataloader, evaluator, fp16=False)
        self.precision = precision

    def run(self) -> dict:
        _resolve(self, self.loop_name)
        return super().run()


@LOOPS.register_module()
class PrecisionValLoop(_PrecisionMixin, ValLoop):
    """``ValLoop`` with ``precision='auto' | 'bf16' | 'fp32'``.

    Args:
        runner: the runner.
        dataloader: dataloader or its config.
        evaluator: evaluator or its config.
        precision: ``'auto'`` (bf16 autocast only where native), ``'bf16'``
            or ``'fp32'``.
    """

    loop_name = 'validation'


@LOOPS.register_module()
class PrecisionTestLoop(_PrecisionMixin, TestLoop):
    """``TestLoop`` with ``precision='auto' | 'bf16' | 'fp32'``.

    Args:
        runner: the runner.
        dataloader: dataloader or its config.
        evaluator: evaluator or its config.
        precision: ``'auto'`` (bf16 autocast only where native), ``'bf16'``
            or ``'fp32'``.
    """

    loop_name = 'test'
