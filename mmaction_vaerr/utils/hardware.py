"""What the hardware runs fast, decided at run time and logged.

The CPUs that train and run this project differ: bf16 autocast is about 2x
the fp32 training step where the CPU has native bf16 dot products
(AVX512-BF16, AMX-BF16; aarch64 ``bf16``), and about 20x *slower* where
oneDNN has to emulate it (AVX2-only x86: most laptops, AMD before Zen 4).
So ``'auto'`` precision takes bf16 only when

1. the CPU flags (``/proc/cpuinfo``) claim a native bf16 instruction (on
   CUDA: ``torch.cuda.is_bf16_supported()``), and
2. a sub-second probe, a small 3x3 convolution timed in fp32 and in bf16
   autocast, confirms that bf16 is at least :data:`MIN_SPEEDUP` x faster
   (flags alone are not trusted: a hypervisor or ``ONEDNN_MAX_CPU_ISA`` can
   hide an instruction the flags list),

and fp32 everywhere else. ``MMACTION_VAERR_PRECISION=fp32|bf16`` in the
environment overrides ``'auto'`` (e.g. to compare both on one machine).
Each decision is made once per process and device and logged with the ISA
seen and the probe's figures.

The CPU facts are read by :mod:`.cpu_info` and timed by :mod:`.conv_probe`;
their names are re-exported here.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from typing import Dict

import torch

from . import conv_probe, cpu_info
from .conv_probe import probe_bf16, time_convs
from .cpu_info import (BF16_FLAGS, INT8_FLAGS, REPORTED_FLAGS,
                       auto_num_threads, cpu_flags, isa_summary,
                       native_bf16_claimed, native_int8_claimed)

__all__ = [
    'BF16_FLAGS', 'INT8_FLAGS', 'REPORTED_FLAGS', 'PRECISIONS',
    'ENV_PRECISION', 'PrecisionChoice', 'auto_num_threads',
    'choose_channels_last', 'choose_precision', 'cpu_flags', 'isa_summary',
    'native_bf16_claimed', 'native_int8_claimed', 'probe_bf16',
    'resolve_channels_last', 'time_convs'
]

PRECISIONS = ('auto', 'fp32', 'bf16')
ENV_PRECISION = 'MMACTION_VAERR_PRECISION'
MIN_SPEEDUP = 1.15
CL_MARGIN = 1.15


@dataclass(frozen=True)
class PrecisionChoice:
    """A precision decision: what was asked, what was chosen and why.

    Attributes:
        requested: ``'auto'``, ``'fp32'`` or ``'bf16'``.
        precision: ``'fp32'`` or ``'bf16'``.
        device: device type (``'cpu'``, ``'cuda'``).
        reason: one sentence for the log.
        probe: the probe's ms per op (fp32, bf16) and the speed-up, if run.
        isa: :func:`isa_summary` of the CPU.
    """

    requested: str
    precision: str
    device: str
    reason: str
    probe: Dict[str, float] = field(default_factory=dict)
    isa: Dict[str, object] = field(default_factory=dict)

    @property
    def bf16(self) -> bool:
        return self.precision == 'bf16'

    def message(self) -> str:
        probe = ''
        if self.probe:
            probe = (f"; probe fp32 {self.probe['fp32_ms']:.2f} ms, bf16 "
                     f"{self.probe['bf16_ms']:.2f} ms "
                     f"({self.probe['speedup']:.2f}x)")
        return (f'precision {self.precision} (requested {self.requested}) '
                f"on {self.device}: {self.reason}; CPU {self.isa.get('cpu')},"
                f" torch ISA {self.isa.get('torch_isa')}, flags "
                f"{','.join(self.isa.get('flags', [])) or 'none'}{probe}")


@functools.lru_cache(maxsize=None)
def choose_precision(requested: str = 'auto',
                     device_type: str = 'cpu') -> PrecisionChoice:
    """Resolve ``'auto'``/``'fp32'``/``'bf16'`` for ``device_type``.

    Args:
        requested: ``'auto'`` decides from the hardware (module docstring);
            ``'fp32'`` / ``'bf16'`` are kept (an explicit bf16 on hardware
            without it is kept too, with a reason saying it is emulated).
        device_type: ``'cpu'``, ``'cuda'``, ...

    Returns:
        The :class:`PrecisionChoice` (cached per process).
    """
    if requested not in PRECISIONS:
        raise ValueError(f'precision must be one of {PRECISIONS}, got '
                         f'{requested!r}')
    isa = cpu_info.isa_summary()
    claimed = cpu_info.native_bf16_claimed(device_type)
    if requested != 'auto':
        why = 'requested explicitly'
        if requested == 'bf16' and not claimed:
            why += ('; this device has no native bf16, so it is emulated '
                    '(expect it to be many times slower than fp32)')
        return PrecisionChoice(requested, requested, device_type, why,
                               isa=isa)
    env = os.environ.get(ENV_PRECISION, '')
    if env:
        if env not in ('fp32', 'bf16'):
            raise ValueError(f'{ENV_PRECISION}={env!r}: use fp32 or bf16')
        return PrecisionChoice('auto', env, device_type,
                               f'set by {ENV_PRECISION}', isa=isa)
    if not claimed:
        why = ('no native bf16 in the CPU flags (avx512_bf16 / amx_bf16 / '
               'bf16)' if device_type == 'cpu' else
               f'{device_type} reports no bf16 support')
        return PrecisionChoice('auto', 'fp32', device_type, why, isa=isa)
    probe = conv_probe.probe_bf16(device_type)
    if probe['speedup'] >= MIN_SPEEDUP:
        return PrecisionChoice('auto', 'bf16', device_type,
                               'native bf16 claimed and confirmed by the '
                               'probe', probe, isa)
    return PrecisionChoice('auto', 'fp32', device_type,
                           f'native bf16 claimed but the probe found it '
                           f'under {MIN_SPEEDUP}x fp32 (emulated or '
                           'restricted ISA)', probe, isa)


@functools.lru_cache(maxsize=None)
def choose_channels_last(precision: str = 'fp32',
                         device_type: str = 'cpu') -> Dict[str, object]:
    """Whether the channels-last trunk is faster at ``precision`` here.

    The default is channels-last, oneDNN's preferred format: for a batch of
    32 frames it was 1.6x faster in fp32 with AVX-512 and 1.1-1.4x with
    AVX2 only (a whole 32 x 8-frame fp32 training step: 3.0 vs 3.5 s), and
    it is the format of oneDNN's bf16 kernels. A probe of both formats
    (about 0.3 s, 32 frames as in training and chunked inference) turns it
    off only when the default format is at least :data:`CL_MARGIN` x
    faster.

    Returns:
        ``dict(channels_last=bool, nchw_ms=..., nhwc_ms=..., reason=str)``.
    """
    bf16 = precision == 'bf16'
    nchw, nhwc = conv_probe.time_convs(device_type,
                                       [(bf16, False), (bf16, True)],
                                       budget_s=0.3, batch=32)
    if nhwc > CL_MARGIN * nchw:
        choice, why = False, 'probe: the default format is clearly faster'
    else:
        choice, why = True, 'channels-last (probe: not slower)'
    return dict(channels_last=choice, nchw_ms=nchw * 1e3, nhwc_ms=nhwc * 1e3,
                reason=why)


def resolve_channels_last(flag, x: torch.Tensor) -> bool:
    """A module's ``channels_last`` setting for input ``x``.

    ``True``/``False`` are kept; ``'auto'`` asks :func:`choose_channels_last`
    for ``x``'s device at the precision in force (bf16 when autocast is on
    for that device), once per process, and logs the decision.
    """
    if flag != 'auto':
        return bool(flag)
    device = x.device.type
    bf16 = torch.is_autocast_enabled(device)
    precision = 'bf16' if bf16 else 'fp32'
    first = (precision, device) not in _CL_LOGGED
    choice = choose_channels_last(precision, device)
    if first:
        _CL_LOGGED.add((precision, device))
        from mmengine.logging import print_log
        print_log(f"channels-last {choice['channels_last']} for {precision} "
                  f"on {device}: {choice['reason']} (NCHW "
                  f"{choice['nchw_ms']:.2f} ms, NHWC {choice['nhwc_ms']:.2f}"
                  ' ms)', logger='current')
    return choice['channels_last']


_CL_LOGGED: set = set()
