"""Helpers that register nothing: speed switches and hardware detection."""
from .fast_paths import (autocast_context, compile_module, device_type_of,
                         resolve_dtype, set_num_threads, to_channels_last)
from .hardware import (PrecisionChoice, auto_num_threads, choose_channels_last,
                       choose_precision, cpu_flags, isa_summary,
                       native_bf16_claimed, native_int8_claimed)

__all__ = [
    'PrecisionChoice', 'auto_num_threads', 'autocast_context',
    'choose_channels_last', 'choose_precision', 'compile_module',
    'cpu_flags', 'device_type_of', 'isa_summary', 'native_bf16_claimed',
    'native_int8_claimed', 'resolve_dtype', 'set_num_threads',
    'to_channels_last'
]
