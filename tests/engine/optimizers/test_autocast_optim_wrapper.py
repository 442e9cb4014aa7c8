"""AutocastOptimWrapper: 'auto' trains in bf16 only where bf16 is native."""
import pytest
import torch
import torch.nn as nn

from mmaction_vaerr.engine.optimizers import AutocastOptimWrapper
from mmaction_vaerr.utils import conv_probe, cpu_info, hardware


@pytest.fixture
def machine(monkeypatch):
    monkeypatch.delenv(hardware.ENV_PRECISION, raising=False)
    hardware.choose_precision.cache_clear()

    def set_machine(flags, speedup):
        monkeypatch.setattr(cpu_info, 'cpu_flags', lambda: frozenset(flags))
        monkeypatch.setattr(conv_probe, 'probe_bf16', lambda d: dict(
            fp32_ms=1.0, bf16_ms=1 / speedup, speedup=speedup))
    yield set_machine
    hardware.choose_precision.cache_clear()


def _autocast_inside(wrapper, model):
    with wrapper.optim_context(model):
        return torch.is_autocast_enabled('cpu')


@pytest.mark.parametrize('flags,speedup,bf16', [
    (('avx2', 'fma'), 2.0, False),                 # AVX2-only: fp32
    (('avx2', 'avx512f', 'avx512_bf16'), 2.0, True),   # native, confirmed
    (('avx2', 'avx512f', 'avx512_bf16'), 0.1, False),  # flags lie: fp32
])
def test_auto_follows_the_hardware(machine, flags, speedup, bf16):
    machine(flags, speedup)
    model = nn.Linear(4, 2)
    w = AutocastOptimWrapper(optimizer=torch.optim.SGD(model.parameters(),
                                                       lr=0.1))
    assert w.precision == 'auto'
    assert _autocast_inside(w, model) is bf16
    assert w.choice.precision == ('bf16' if bf16 else 'fp32')


def test_old_dtype_argument_still_means_bf16(machine):
    machine(('avx2',), 0.1)
    model = nn.Linear(4, 2)
    w = AutocastOptimWrapper(dtype='bfloat16', optimizer=torch.optim.SGD(
        model.parameters(), lr=0.1))
    assert w.precision == 'bf16' and _autocast_inside(w, model)


def test_fp32_wrapper_trains_like_a_plain_one(machine):
    machine(('avx2', 'avx512_bf16'), 2.0)
    torch.manual_seed(0)
    a, b = nn.Linear(4, 2), nn.Linear(4, 2)
    b.load_state_dict(a.state_dict())
    x = torch.randn(8, 4)
    wa = AutocastOptimWrapper(precision='fp32', optimizer=torch.optim.SGD(
        a.parameters(), lr=0.1))
    from mmengine.optim import OptimWrapper
    wb = OptimWrapper(torch.optim.SGD(b.parameters(), lr=0.1))
    for w, m in ((wa, a), (wb, b)):
        with w.optim_context(m):
            loss = m(x).square().mean()
        w.update_params(loss)
    torch.testing.assert_close(a.weight, b.weight, rtol=0, atol=0)


def test_bad_precision_is_refused():
    with pytest.raises(ValueError, match='precision must be'):
        AutocastOptimWrapper(precision='fp16', optimizer=torch.optim.SGD(
            nn.Linear(2, 2).parameters(), lr=0.1))
