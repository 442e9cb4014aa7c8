"""What the CPU is: its model, its feature flags and the cores this process
may use.

Read from ``/proc/cpuinfo`` (x86 ``flags``, aarch64 ``Features``) and the
process's CPU affinity; nothing is timed here (the timing probes are in
:mod:`.conv_probe`, the decisions in :mod:`.hardware`).
"""
from __future__ import annotations

import functools
import os
import platform
from typing import Dict, FrozenSet

import torch

BF16_FLAGS = ('avx512_bf16', 'amx_bf16', 'bf16')   # x86, x86, aarch64
INT8_FLAGS = ('avx512_vnni', 'avx_vnni', 'amx_int8', 'asimddp', 'i8mm')
REPORTED_FLAGS = ('avx2', 'fma', 'avx512f', 'avx512_bf16', 'avx512_vnni',
                  'avx_vnni', 'amx_tile', 'amx_bf16', 'amx_int8', 'asimd',
                  'asimddp', 'bf16', 'i8mm', 'sve')


@functools.lru_cache(maxsize=1)
def cpu_flags() -> FrozenSet[str]:
    """The CPU's feature flags (x86 ``flags`` / aarch64 ``Features`` of
    ``/proc/cpuinfo``); empty where that file does not exist."""
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                key, _, value = line.partition(':')
                if key.strip() in ('flags', 'Features'):
                    return frozenset(value.split())
    except OSError:
        pass
    return frozenset()


def cpuinfo_block(path: str = '/proc/cpuinfo') -> Dict[str, str]:
    """The first processor's ``key: value`` block of ``/proc/cpuinfo``
    (Linux); empty where the file does not exist."""
    info: Dict[str, str] = {}
    try:
        with open(path) as f:
            for line in f:
                key, _, value = line.partition(':')
                key = key.strip()
                if not key:
                    if info:
                        break   # the end of the first processor's block
                    continue
                info[key] = value.strip()
    except OSError:
        pass
    return info


def isa_summary(cpuinfo: str = '/proc/cpuinfo') -> Dict[str, object]:
    """CPU model, its x86 family / model numbers (which tell CPU generations
    apart where the model name is generic, as on many cloud VMs), torch's
    kernel ISA and the flags that decide fast paths.

    Args:
        cpuinfo: the file the model name and numbers are read from (its
            first processor's block); the flags are :func:`cpu_flags`.
    """
    block = cpuinfo_block(cpuinfo)
    model = block.get('model name') or platform.processor() or \
        platform.machine()
    cpu_id = (f"family {block['cpu family']} model {block['model']}"
              if 'cpu family' in block and 'model' in block else '')
    flags = cpu_flags()
    return dict(cpu=model, cpu_id=cpu_id,
                torch_isa=torch.backends.cpu.get_cpu_capability(),
                flags=[f for f in REPORTED_FLAGS if f in flags])


def native_bf16_claimed(device_type: str = 'cpu') -> bool:
    """Whether the flags (CPU) or the driver (CUDA) claim native bf16."""
    if device_type == 'cuda':
        return torch.cuda.is_available() and torch.cuda.is_bf16_supported()
    if device_type != 'cpu':
        return False
    return any(f in cpu_flags() for f in BF16_FLAGS)


def native_int8_claimed() -> bool:
    """Whether the CPU has int8 dot-product instructions (VNNI, AMX, ...)."""
    return any(f in cpu_flags() for f in INT8_FLAGS)


def auto_num_threads() -> int:
    """Cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
