"""Mixed-precision (bf16) training on any device, CPU included.

mmengine's ``AmpOptimWrapper`` refuses to run without a GPU (it asserts
CUDA/NPU/MLU/MUSA) and always builds a ``GradScaler``. bfloat16 has fp32's
exponent range, so it needs no loss scaling: autocasting the forward (and
the loss) is all that mixed precision takes. This wrapper does that on the
device of the model's parameters, CPU (AVX512-BF16 / AMX via oneDNN) or GPU.
"""
from __future__ import annotations

import contextlib
from typing import Union

import torch
import torch.nn as nn
from mmengine.optim import OptimWrapper

from mmaction.registry import OPTIM_WRAPPERS
from .fast_paths import autocast_context, device_type_of, resolve_dtype


@OPTIM_WRAPPERS.register_module()
class AutocastOptimWrapper(OptimWrapper):
    """``OptimWrapper`` whose ``optim_context`` runs the forward in autocast.

    Parameters, gradients and optimizer state stay fp32; matmuls and
    convolutions of the forward (and their gradients) run in ``dtype``.

    Args:
        dtype: ``'bfloat16'`` (default; CPU and GPU) or ``'float16'``
            (GPU only; prefer mmengine's ``AmpOptimWrapper`` there, which
            scales the loss).
        **kwargs: ``OptimWrapper`` arguments (``optimizer``, ``clip_grad``,
            ``accumulative_counts``).

    Example:
        >>> optim_wrapper = dict(type='AutocastOptimWrapper',
        ...                      optimizer=dict(type='AdamW', lr=3e-4))
    """

    def __init__(self, dtype: Union[str, torch.dtype] = 'bfloat16',
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.cast_dtype = resolve_dtype(dtype)

    @contextlib.contextmanager
    def optim_context(self, model: nn.Module):
        with super().optim_context(model), autocast_context(
                device_type_of(model), True, self.cast_dtype):
            yield
