"""Speed switches for training and inference, each usable from a config.

Every switch keeps the model's parameters and outputs (within the
tolerances checked in ``tests/utils/test_fast_paths.py``); none is on by
default. Device-agnostic: the autocast device follows the tensors (CPU bf16
uses AVX512-BF16/AMX through oneDNN, CUDA bf16 uses tensor cores).

=====================  ==================================================
switch                 config
=====================  ==================================================
precision, train       ``optim_wrapper = dict(type='AutocastOptimWrapper',
                       precision='auto')`` (bf16 only where native)
precision, val/test    ``val_cfg = dict(type='PrecisionValLoop',
                       precision='auto')``, ``PrecisionTestLoop``
channels-last trunk    ``model.backbone.channels_last=True`` or ``'auto'``
2D-op 3D stem          ``model.backbone.type='ResNet18TapStem'``
torch threads          ``custom_hooks += [dict(type='TorchThreadsHook',
                       num_threads='auto')]`` (or 1 on a shared CPU)
torch.compile          inference: :func:`compile_module`; training:
                       ``compile = True`` (mmengine Runner, train_step;
                       works, measured slower on CPU)
=====================  ==================================================

The inference helpers (:func:`autocast_context`, :func:`to_channels_last`,
:func:`compile_module`, and ``use_tap_stem`` / ``apply_fast_paths`` of
:mod:`mmaction_vaerr.models.backbones.tap_stem` /
:mod:`mmaction_vaerr.apis.fast_paths`) do the same on a built model.
``'auto'`` settings are resolved by :mod:`.hardware`.
"""
from __future__ import annotations

import contextlib
from typing import ContextManager, Optional, Union

import torch
import torch.nn as nn

DType = Union[str, torch.dtype]


def resolve_dtype(dtype: DType) -> torch.dtype:
    """``'bfloat16'``/``'float16'`` (or the torch dtype) -> torch dtype."""
    if isinstance(dtype, torch.dtype):
        return dtype
    if dtype not in ('bfloat16', 'float16'):
        raise ValueError(f"dtype must be 'bfloat16' or 'float16', got "
                         f'{dtype!r}')
    return getattr(torch, dtype)


def device_type_of(module_or_device: Union[nn.Module, str, torch.device]
                   ) -> str:
    """``'cpu'``/``'cuda'``/... of a module's parameters or of a device."""
    if isinstance(module_or_device, nn.Module):
        param = next(module_or_device.parameters(), None)
        return 'cpu' if param is None else param.device.type
    return torch.device(module_or_device).type


def autocast_context(device: Union[nn.Module, str, torch.device] = 'cpu',
                     enabled: bool = True,
                     dtype: DType = 'bfloat16') -> ContextManager:
    """``torch.autocast`` for ``device`` (or a module's device), or a no-op.

    Args:
        device: a module, device or device string.
        enabled: False gives a ``nullcontext``.
        dtype: ``'bfloat16'`` (CPU and GPU) or ``'float16'`` (GPU).
    """
    if not enabled:
        return contextlib.nullcontext()
    device_type = device_type_of(device)
    dtype = resolve_dtype(dtype)
    if device_type == 'cpu' and dtype != torch.bfloat16:
        raise ValueError('CPU autocast supports bfloat16 only')
    return torch.autocast(device_type=device_type, dtype=dtype)


def to_channels_last(model: nn.Module) -> nn.Module:
    """Store every 4D conv weight channels-last and switch the flags on.

    Sets ``channels_last = True`` on every submodule that has the flag
    (``ResNet18Stem3D`` and :class:`TapStem2d`), so the trunk's activations
    are channels-last too. 5D (3D-conv) weights are left as they are.
    """
    for m in model.modules():
        if hasattr(m, 'channels_last'):
            m.channels_last = True
        if isinstance(m, nn.Conv2d):
            m.weight.data = m.weight.data.contiguous(
                memory_format=torch.channels_last)
    return model


def compile_module(module: nn.Module, method: str = 'forward',
                   **compile_kwargs) -> nn.Module:
    """``torch.compile`` one method of ``module`` in place (needs a C++
    compiler on CPU); the module keeps its class, parameters and keys."""
    setattr(module, method,
            torch.compile(getattr(module, method), **compile_kwargs))
    return module


def set_num_threads(num_threads: Optional[int] = None,
                    num_interop_threads: Optional[int] = None) -> int:
    """Set torch's intra-op (and, once per process, inter-op) threads.

    Returns the previous intra-op thread count. ``None`` keeps a setting.
    """
    previous = torch.get_num_threads()
    if num_threads is not None:
        if num_threads < 1:
            raise ValueError(f'num_threads must be >= 1, got {num_threads}')
        torch.set_num_threads(num_threads)
    if num_interop_threads is not None:
        try:
            torch.set_num_interop_threads(num_interop_threads)
        except RuntimeError:    # already set or parallel work has started
            pass
    return previous
