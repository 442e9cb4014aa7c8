"""'auto' precision and channels-last follow the hardware (detection mocked)."""
import pytest
import torch

from mmaction_vaerr.utils import conv_probe, cpu_info, hardware


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch):
    monkeypatch.delenv(hardware.ENV_PRECISION, raising=False)
    hardware.choose_precision.cache_clear()
    hardware.choose_channels_last.cache_clear()
    yield
    hardware.choose_precision.cache_clear()
    hardware.choose_channels_last.cache_clear()


def _machine(monkeypatch, flags, speedup):
    """Pretend a CPU with ``flags`` whose probe finds bf16 ``speedup`` x."""
    monkeypatch.setattr(cpu_info, 'cpu_flags', lambda: frozenset(flags))
    calls = []

    def probe(device):
        calls.append(device)
        return dict(fp32_ms=1.0, bf16_ms=1.0 / speedup, speedup=speedup)

    monkeypatch.setattr(conv_probe, 'probe_bf16', probe)
    return calls


AVX2 = ('sse4_2', 'avx', 'avx2', 'fma')
ZEN4 = AVX2 + ('avx512f', 'avx512_bf16', 'avx512_vnni')
SAPPHIRE = AVX2 + ('avx512f', 'amx_tile', 'amx_bf16', 'amx_int8')


def test_auto_is_fp32_without_native_bf16_and_never_probes(monkeypatch):
    calls = _machine(monkeypatch, AVX2, speedup=3.0)
    choice = hardware.choose_precision('auto', 'cpu')
    assert choice.precision == 'fp32' and not choice.bf16
    assert 'no native bf16' in choice.reason
    assert calls == []    # flags say no: no emulated-bf16 probe is run
    assert 'avx2' in choice.message() and 'fp32' in choice.message()


@pytest.mark.parametrize('flags', [ZEN4, SAPPHIRE, ('asimd', 'bf16')])
def test_auto_is_bf16_where_native_and_confirmed(monkeypatch, flags):
    calls = _machine(monkeypatch, flags, speedup=1.8)
    choice = hardware.choose_precision('auto', 'cpu')
    assert choice.precision == 'bf16' and choice.bf16
    assert calls == ['cpu']
    assert '1.80x' in choice.message()


def test_auto_is_fp32_when_the_probe_contradicts_the_flags(monkeypatch):
    # e.g. ONEDNN_MAX_CPU_ISA=AVX2 or a hypervisor hiding the instruction
    _machine(monkeypatch, ZEN4, speedup=0.05)
    choice = hardware.choose_precision('auto', 'cpu')
    assert choice.precision == 'fp32'
    assert 'probe' in choice.reason


def test_explicit_precision_is_kept_and_emulation_is_named(monkeypatch):
    calls = _machine(monkeypatch, AVX2, speedup=0.05)
    bf16 = hardware.choose_precision('bf16', 'cpu')
    assert bf16.precision == 'bf16' and 'emulated' in bf16.reason
    assert hardware.choose_precision('fp32', 'cpu').precision == 'fp32'
    assert calls == []


def test_environment_overrides_auto(monkeypatch):
    _machine(monkeypatch, AVX2, speedup=0.05)
    monkeypatch.setenv(hardware.ENV_PRECISION, 'bf16')
    assert hardware.choose_precision('auto', 'cpu').precision == 'bf16'
    hardware.choose_precision.cache_clear()
    monkeypatch.setenv(hardware.ENV_PRECISION, 'fp16')
    with pytest.raises(ValueError, match=hardware.ENV_PRECISION):
        hardware.choose_precision('auto', 'cpu')


def test_bad_precision_is_refused():
    with pytest.raises(ValueError, match='precision must be one of'):
        hardware.choose_precision('int4')


def test_the_real_probe_is_subsecond_and_positive():
    import time
    t0 = time.perf_counter()
    probe = hardware.probe_bf16('cpu')
    assert time.perf_counter() - t0 < 2.0    # ~0.3 s; slack for a slow CI
    assert probe['fp32_ms'] > 0 and probe['bf16_ms'] > 0
    assert probe['speedup'] == pytest.approx(
        probe['fp32_ms'] / probe['bf16_ms'])
    assert torch.get_num_threads() >= 1


@pytest.mark.parametrize('nchw,nhwc,precision,expected', [
    (1.0, 1.0, 'bf16', True),      # within margin: oneDNN's format
    (1.0, 1.0, 'fp32', True),      # within margin: oneDNN's format
    (3.0, 1.0, 'fp32', True),      # channels-last clearly faster
    (1.0, 3.0, 'bf16', False),     # default format clearly faster
    (1.0, 1.1, 'fp32', True),      # slower, but within the margin
])
def test_channels_last_follows_probe_only_past_margin(monkeypatch, nchw, nhwc,
                                                      precision, expected):
    monkeypatch.setattr(conv_probe, 'time_convs',
                        lambda device, variants, **kw: [nchw, nhwc])
    assert hardware.choose_channels_last(precision)['channels_last'] \
        is expected


def test_auto_channels_last_in_the_backbone_gives_the_same_output(
        monkeypatch):
    from mmaction_vaerr.models.backbones import ResNet18TapStem
    torch.manual_seed(0)
    ref = ResNet18TapStem(channels_last=False).eval()
    auto = ResNet18TapStem(channels_last='auto').eval()
    auto.load_state_dict(ref.state_dict())
    x = torch.randn(1, 1, 6, 32, 32)
    monkeypatch.setattr(conv_probe, 'time_convs',
                        lambda device, variants, **kw: [3.0, 1.0])  # NHWC wins
    with torch.no_grad():
        torch.testing.assert_close(auto(x), ref(x), rtol=1e-4, atol=1e-4)
    assert hardware.choose_channels_last('fp32')['channels_last'] is True


def test_auto_threads_follow_the_affinity(monkeypatch):
    monkeypatch.setattr(cpu_info.os, 'sched_getaffinity', lambda pid: {0, 3},
                        raising=False)
    assert hardware.auto_num_threads() == 2


def test_isa_summary_names_the_first_processor(tmp_path):
    """Family and model numbers tell apart CPUs whose model name is only
    'AMD EPYC'; the first processor block counts, a file without them
    gives an empty id."""
    info = tmp_path / 'cpuinfo'
    info.write_text('processor\t: 0\nvendor_id\t: AuthenticAMD\n'
                    'cpu family\t: 25\nmodel\t\t: 17\n'
                    'model name\t: AMD EPYC\n\n'
                    'processor\t: 1\ncpu family\t: 23\nmodel\t\t: 49\n'
                    'model name\t: Other\n')
    isa = cpu_info.isa_summary(str(info))
    assert (isa['cpu'], isa['cpu_id']) == ('AMD EPYC', 'family 25 model 17')
    info.write_text('Hardware\t: some ARM board\n')
    assert cpu_info.isa_summary(str(info))['cpu_id'] == ''
    assert cpu_info.isa_summary(str(tmp_path / 'none'))['cpu_id'] == ''
