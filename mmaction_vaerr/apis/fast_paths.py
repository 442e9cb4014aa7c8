"""Inference fast paths on a built recognizer, chosen from the hardware.

:func:`resolve_inference_precision` turns the ``precision`` argument of the
inference API, the demo, streaming and the benchmark (``'auto'``, ``'fp32'``,
``'bf16'``, ``'int8'``) into what the frame encoder runs; ``'auto'`` follows
:func:`mmaction_vaerr.utils.hardware.choose_precision` (bf16 only where it
is native) and is logged with the ISA and the probe's figures.
"""
from __future__ import annotations

from typing import Optional

import torch.nn as nn
from mmengine.logging import print_log

from ..models.backbones.tap_stem import use_tap_stem
from ..utils.fast_paths import (compile_module, device_type_of,
                                set_num_threads, to_channels_last)
from ..utils.hardware import choose_precision, native_bf16_claimed

INFERENCE_PRECISIONS = ('auto', 'fp32', 'bf16', 'int8')


def resolve_inference_precision(model: nn.Module, precision: str = 'auto',
                                bf16: Optional[bool] = None) -> str:
    """``'fp32'``, ``'bf16'`` or ``'int8'`` for ``model``'s device.

    Args:
        model: the recognizer (its parameters give the device).
        precision: one of :data:`INFERENCE_PRECISIONS`.
        bf16: the older boolean switch; True means ``precision='bf16'``.
    """
    if bf16:
        precision = 'bf16'
    if precision not in INFERENCE_PRECISIONS:
        raise ValueError(f'precision must be one of {INFERENCE_PRECISIONS}, '
                         f'got {precision!r}')
    if precision == 'int8':
        return 'int8'
    device = device_type_of(model)
    choice = choose_precision(precision, device)
    # an explicit fp32/bf16 is logged only when bf16 would be emulated
    if precision == 'auto' or (choice.bf16
                               and not native_bf16_claimed(device)):
        print_log(f'inference: {choice.message()}', logger='current')
    return choice.precision


def int8_trunk_of(model: nn.Module):
    """The calibrated int8 trunk attached by ``init_model(..., int8=DIR)``."""
    trunk = getattr(model, 'int8_trunk', None)
    if trunk is None:
        raise ValueError(
            "precision='int8' needs a calibrated int8 trunk: make one with "
            'tools/deployment/quantize_int8.py CONFIG CHECKPOINT --out DIR, '
            'then load it with init_model(CONFIG, CHECKPOINT, int8=DIR) '
            '(demo: --int8 DIR)')
    return trunk


def apply_fast_paths(model: nn.Module, channels_last: bool = False,
                     tap_stem: bool = False, compile: bool = False,
                     num_threads: Optional[int] = None) -> nn.Module:
    """Apply the model-side switches for inference; bf16 is a context
    (:func:`~mmaction_vaerr.utils.fast_paths.autocast_context`) around the
    forward, not a model change."""
    set_num_threads(num_threads)
    if tap_stem:
        use_tap_stem(model)
    if channels_last:
        to_channels_last(model)
    if compile:     # the backbone: the head's data samples break graphs
        compile_module(getattr(model, 'backbone', model))
    return model
