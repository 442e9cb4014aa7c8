"""What machine a benchmark ran on: CPU, cores, load, GPU, library versions."""
from __future__ import annotations

import os
import platform
from typing import List

import torch

# CPU features that decide which fast paths can pay off on x86
_FLAGS = ('avx2', 'fma', 'avx512f', 'avx512_bf16', 'avx512_vnni',
          'avx_vnni', 'amx_bf16', 'amx_tile', 'amx_int8')


def load_average() -> List[float]:
    """1, 5 and 15 minute load averages (empty where unsupported)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (OSError, AttributeError):
        return []


def _version(name: str) -> str:
    try:
        module = __import__(name)
        return getattr(module, '__version__', 'unknown')
    except ImportError:
        return 'not installed'


def machine_info() -> dict:
    """CPU model, cores, flags, GPU, torch and stack versions, load."""
    from mmaction_vaerr.utils.cpu_info import cpuinfo_block
    cpu = cpuinfo_block()
    flags = set(cpu.get('flags', '').split())
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    gpus = []
    if torch.cuda.is_available():
        gpus = [torch.cuda.get_device_name(i)
                for i in range(torch.cuda.device_count())]
    from mmaction_vaerr.utils.hardware import choose_precision, isa_summary
    auto = choose_precision('auto', 'cpu')
    return dict(
        isa=isa_summary(), auto_precision=dict(
            precision=auto.precision, reason=auto.reason, probe=auto.probe),
        cpu_model=cpu.get('model name', platform.processor() or 'unknown'),
        cpu_id=(f"vendor {cpu.get('vendor_id', '?')}, family "
                f"{cpu.get('cpu family', '?')}, "
                f"model {cpu.get('model', '?')}"),
        cpu_mhz=cpu.get('cpu MHz'),
        cpu_flags=[f for f in _FLAGS if f in flags],
        logical_cpus=os.cpu_count(), usable_cpus=usable,
        torch_threads=torch.get_num_threads(),
        omp_wait_policy=os.environ.get('OMP_WAIT_POLICY', 'default'),
        platform=platform.platform(), python=platform.python_version(),
        torch=torch.__version__, mmengine=_version('mmengine'),
        mmaction=_version('mmaction'), gpus=gpus,
        cuda=torch.version.cuda, load_average=load_average())
