"""PrecisionValLoop / PrecisionTestLoop resolve 'auto' when they run."""
import types

import pytest
import torch.nn as nn

from mmaction_vaerr.engine.runner import precision_loops
from mmaction_vaerr.utils import conv_probe, cpu_info, hardware


@pytest.mark.parametrize('flags,speedup,fp16', [
    (('avx2',), 2.0, False), (('avx512_bf16',), 2.0, True)])
def test_loop_autocasts_only_where_bf16_is_native(monkeypatch, flags,
                                                  speedup, fp16):
    monkeypatch.delenv(hardware.ENV_PRECISION, raising=False)
    hardware.choose_precision.cache_clear()
    monkeypatch.setattr(cpu_info, 'cpu_flags', lambda: frozenset(flags))
    monkeypatch.setattr(conv_probe, 'probe_bf16', lambda d: dict(
        fp32_ms=1.0, bf16_ms=1 / speedup, speedup=speedup))
    loop = types.SimpleNamespace(
        precision='auto', fp16=not fp16,
        runner=types.SimpleNamespace(model=nn.Linear(2, 2)))
    precision_loops._resolve(loop, 'validation')
    assert loop.fp16 is fp16
    hardware.choose_precision.cache_clear()


def test_loops_are_registered_for_configs():
    from mmaction.registry import LOOPS
    assert LOOPS.get('PrecisionValLoop') is precision_loops.PrecisionValLoop
    assert LOOPS.get('PrecisionTestLoop') is precision_loops.PrecisionTestLoop
