"""What the int8 trunk leaves in fp32 and how many bits its weights take
(the choices :func:`.int8.quantize_int8` makes; its docstring says why)."""
from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

from mmengine.logging import print_log

from ..utils.hardware import native_int8_claimed
from .int8_runtime import _flags

#: what ``quantize_int8`` keeps in fp32 by default: the stem and the first
#: stage (their rounding reaches every later layer; docs/benchmark.md)
KEEP_FP32: Tuple[str, ...] = ('stem', 'layer1')


def fp32_nodes(onnx_path: str, keep_fp32: Sequence[str]) -> List[str]:
    """Names of the nodes of the exported trunk ``onnx_path`` that belong to
    the modules ``keep_fp32`` (module paths, see :func:`quantize_int8`).

    Raises ValueError for a path that names no node, listing the valid ones.
    """
    import onnx
    names = [n.name for n in onnx.load(onnx_path).graph.node]
    valid = set()
    for name in names:      # '/layer1/layer1.0/conv1/Conv'
        parts = name.split('/')
        if len(parts) > 3 and not parts[0]:
            valid.add(parts[1])
            if parts[2].startswith(parts[1] + '.'):
                valid.add(parts[2])
    kept = []
    for path in keep_fp32:
        parts = path.split('.')
        scope = '/' + '/'.join('.'.join(parts[:i + 1])
                               for i in range(len(parts))) + '/'
        hit = [n for n in names if n.startswith(scope)]
        if path not in valid or not hit:
            raise ValueError(
                f'keep_fp32: {path!r} is not a part of the trunk; valid: '
                f'{", ".join(sorted(valid))}')
        kept += [n for n in hit if n not in kept]
    if keep_fp32:
        print_log(f'int8: {", ".join(keep_fp32)} kept in fp32 '
                  f'({len(kept)} of {len(names)} nodes)', logger='current')
    return kept


def weight_bits_choice(full_range: Optional[bool]) -> Tuple[bool, str]:
    """``(full_range, reason)``: ``full_range`` as given, or for ``None``
    8-bit weights exactly where the CPU has int8 dot products; logged."""
    if full_range is not None:
        reason = f'requested {8 if full_range else 7} bits'
    elif native_int8_claimed():
        full_range = True
        reason = (f'auto: int8 dot products on this CPU (flags: '
                  f'{_flags()}), full-range sums are exact')
    else:
        full_range = False
        reason = (f'auto: no int8 dot products on this CPU (flags: '
                  f'{_flags()}), 7 bits keep the int16 pair sums exact')
    print_log(f'int8 weights: {8 if full_range else 7} bits ({reason})',
              logger='current')
    return full_range, reason
