"""Sub-second timing probes that confirm what the CPU flags claim.

A flag is not trusted alone: a hypervisor or ``ONEDNN_MAX_CPU_ISA`` can
hide an instruction the flags list, and bf16 that oneDNN emulates is about
20x slower than fp32. The probe times the trunk's typical op, a 64-channel
3x3 convolution, in the variants a decision needs
(:mod:`.hardware` makes the decisions).
"""
from __future__ import annotations

import time
from typing import Dict, List, Sequence, Tuple

import torch
import torch.nn.functional as F

from .fast_paths import autocast_context


def time_convs(device: str, variants: Sequence[Tuple[bool, bool]],
                budget_s: float = 0.25, batch: int = 4) -> List[float]:
    """Best seconds per forward of a 64-channel 3x3 conv on (batch, 64, 24,
    24), the trunk's typical op, for each ``(bf16, channels_last)`` variant.

    The variants are timed in turn, one run each, over ~``budget_s``; the
    fastest run of each is kept, so load from other processes, which hits
    them alike, hardly moves the ratio.
    """
    g = torch.Generator().manual_seed(0)
    x = torch.randn(batch, 64, 24, 24, generator=g).to(device)
    w = torch.randn(64, 64, 3, 3, generator=g).to(device)
    inputs = []
    for bf16, channels_last in variants:
        fmt = torch.channels_last if channels_last else torch.contiguous_format
        inputs.append((bf16, x.contiguous(memory_format=fmt),
                       w.contiguous(memory_format=fmt)))

    def once(bf16, xi, wi) -> float:
        cast = autocast_context(device, enabled=bf16)
        t0 = time.perf_counter()
        with cast:
            F.conv2d(xi, wi, padding=1)
        if device == 'cuda':
            torch.cuda.synchronize()
        return time.perf_counter() - t0

    threads = torch.get_num_threads()
    # one thread: the question is the core's instructions, and a
    # multi-threaded op on a loaded CPU waits for its slowest thread
    torch.set_num_threads(1)
    try:
        best = _best_runs(inputs, once, budget_s)
    finally:
        torch.set_num_threads(threads)
    return best


def _best_runs(inputs, once, budget_s: float) -> List[float]:
    best = [float('inf')] * len(inputs)
    with torch.no_grad():
        for args in inputs:        # warm-up (oneDNN primitive creation)
            once(*args)
            once(*args)
        start = time.perf_counter()
        for _ in range(300):
            for i, args in enumerate(inputs):
                best[i] = min(best[i], once(*args))
            if time.perf_counter() - start > budget_s:
                break
    return best


def probe_bf16(device_type: str = 'cpu') -> Dict[str, float]:
    """Time the probe op in fp32 and bf16 autocast on ``device_type``."""
    fp32, bf16 = time_convs(device_type, [(False, True), (True, True)])
    return dict(fp32_ms=fp32 * 1e3, bf16_ms=bf16 * 1e3,
                speedup=fp32 / bf16)
