"""Measured matrix-multiply peak of this machine, fp32 and bf16.

A square ``n x n`` GEMM is timed through the two CPU libraries that PyTorch
uses: ``torch.mm`` (MKL/BLAS for fp32) and a 1x1 convolution over an
``n``-pixel image (oneDNN, the library that runs the model's convolutions),
plus a 3x3 convolution of the ResNet18 trunk's own shape. The peak of a
dtype is the best of the three medians (FLOPs = ``2 n^3`` per GEMM): a
measured lower bound of what the cores can do, not a datasheet figure.
"""
from __future__ import annotations

from typing import Callable, Dict

import torch
import torch.nn.functional as F

from .timing import time_repeats


def _gemm_fns(n: int, dtype: torch.dtype, device: str
              ) -> Dict[str, Callable[[], torch.Tensor]]:
    a = torch.randn(n, n, dtype=dtype, device=device)
    b = torch.randn(n, n, dtype=dtype, device=device)
    # 1x1 conv == GEMM: (n pixels x n in-ch) @ (n in-ch x n out-ch)
    side = int(n ** 0.5)
    if side * side != n:
        side = n // 32
    img = torch.randn(1, n, n // side, side, dtype=dtype, device=device
                      ).contiguous(memory_format=torch.channels_last)
    w = torch.randn(n, n, 1, 1, dtype=dtype, device=device
                    ).contiguous(memory_format=torch.channels_last)
    # a 3x3 conv of the ResNet18 trunk's shape (layer 2: 128 channels at
    # 12x12, 200 frames), channels-last: oneDNN's best direct-conv kernels
    x3 = torch.randn(200, 128, 12, 12, dtype=dtype, device=device
                     ).contiguous(memory_format=torch.channels_last)
    w3 = torch.randn(128, 128, 3, 3, dtype=dtype, device=device
                     ).contiguous(memory_format=torch.channels_last)
    return {'mm': lambda: torch.mm(a, b),
            'conv1x1': lambda: F.conv2d(img, w),
            'conv3x3': lambda: F.conv2d(x3, w3, padding=1)}


def _flops(lib: str, n: int) -> float:
    if lib == 'conv3x3':
        return 2.0 * 200 * 12 * 12 * 128 * 128 * 9
    return 2.0 * n ** 3


def matmul_peak(n: int = 2048, repeats: int = 5, device: str = 'cpu',
                dtypes=('float32', 'bfloat16')) -> Dict[str, dict]:
    """GFLOP/s of an ``n``-square GEMM per dtype and library.

    Returns ``{dtype: {'peak_gflops': best median, 'mm': Stats dict,
    'conv1x1': Stats dict, ...}}`` where each Stats dict holds GFLOP/s
    min/median/max over ``repeats`` per wall second (and, under
    ``<lib>_per_cpu_s``, per CPU second of all threads).
    """
    sync = torch.cuda.synchronize if device.startswith('cuda') else None
    out = {}
    for name in dtypes:
        dtype = getattr(torch, name)
        res = {}
        for lib, fn in _gemm_fns(n, dtype, device).items():
            with torch.no_grad():
                t = time_repeats(fn, repeats, warmup=1, sync=sync)
            flops = _flops(lib, n)
            res[lib] = t.rate(flops / 1e9).as_dict(1)
            res[lib + '_per_cpu_s'] = t.cpu_rate(flops / 1e9).as_dict(1)
        libs = ('mm', 'conv1x1', 'conv3x3')
        res['peak_gflops'] = max(res[lib]['median'] for lib in libs)
        # per CPU-second = per busy core: robust when other processes share
        # the cores (then the wall figure is what is left for us)
        res['peak_gflops_per_core'] = max(res[lib + '_per_cpu_s']['median']
                                          for lib in libs)
        out[name] = res
    return out


if __name__ == '__main__':
    import json
    print(json.dumps(matmul_peak(), indent=1))
