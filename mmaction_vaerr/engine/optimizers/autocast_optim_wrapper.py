"""Mixed-precision (bf16) training on any device, CPU included, where the
hardware runs it natively.

mmengine's ``AmpOptimWrapper`` refuses to run without a GPU (it asserts
CUDA/NPU/MLU/MUSA) and always builds a ``GradScaler``. bfloat16 has fp32's
exponent range, so it needs no loss scaling: autocasting the forward (and
the loss) is all that mixed precision takes. This wrapper does that on the
device of the model's parameters, CPU (AVX512-BF16 / AMX via oneDNN) or GPU,
and with ``precision='auto'`` only where bf16 is native: on a CPU that has
to emulate it (AVX2-only) bf16 is about 20x slower than fp32, so ``'auto'``
trains in fp32 there (:func:`mmaction_vaerr.utils.hardware.choose_precision`;
the decision is logged once, with the ISA and the probe's figures).
"""
from __future__ import annotations

import contextlib
from typing import Optional, Union

import torch
import torch.nn as nn
from mmengine.logging import print_log
from mmengine.optim import OptimWrapper

from mmaction.registry import OPTIM_WRAPPERS
from ...utils.fast_paths import autocast_context, device_type_of, resolve_dtype
from ...utils.hardware import choose_precision


@OPTIM_WRAPPERS.register_module()
class AutocastOptimWrapper(OptimWrapper):
    """``OptimWrapper`` whose ``optim_context`` runs the forward in autocast.

    Parameters, gradients and optimizer state stay fp32; matmuls and
    convolutions of the forward (and their gradients) run in bf16 when the
    precision resolves to bf16, else the wrapper is a plain ``OptimWrapper``.

    Args:
        precision: ``'auto'`` (default: bf16 only where the device runs it
            natively), ``'bf16'`` or ``'fp32'``.
        dtype: autocast dtype, ``'bfloat16'`` (default) or ``'float16'``
            (GPU only; prefer mmengine's ``AmpOptimWrapper`` there, which
            scales the loss). Given alone (the old interface), it means
            ``precision='bf16'``.
        **kwargs: ``OptimWrapper`` arguments (``optimizer``, ``clip_grad``,
            ``accumulative_counts``).

    Example:
        >>> optim_wrapper = dict(type='AutocastOptimWrapper',
        ...                      precision='auto',
        ...                      optimizer=dict(type='AdamW', lr=3e-4))
    """

    def __init__(self, precision: Optional[str] = None,
                 dtype: Union[str, torch.dtype, None] = None,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        if precision is None:
            precision = 'auto' if dtype is None else 'bf16'
        if precision not in ('auto', 'bf16', 'fp32'):
            raise ValueError("precision must be 'auto', 'bf16' or 'fp32', "
                             f'got {precision!r}')
        self.precision = precision
        self.cast_dtype = resolve_dtype(dtype or 'bfloat16')
        self.choice = None   # resolved on the first step (device known)

    def resolve(self, model: nn.Module) -> bool:
        """Decide (once) whether to autocast on ``model``'s device; logs it."""
        if self.choice is None:
            device = device_type_of(model)
            if self.cast_dtype == torch.float16 and self.precision != 'fp32':
                self.choice = choose_precision('bf16', device)  # explicit
                print_log(f'training: float16 autocast on {device}',
                          logger='current')
            else:
                self.choice = choose_precision(self.precision, device)
                print_log(f'training: {self.choice.message()}',
                          logger='current')
        return self.choice.bf16

    @contextlib.contextmanager
    def optim_context(self, model: nn.Module):
        enabled = self.resolve(model)
        with super().optim_context(model), autocast_context(
                device_type_of(model), enabled, self.cast_dtype):
            yield
