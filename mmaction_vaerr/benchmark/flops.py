"""FLOPs per frame counted by PyTorch's ``FlopCounterMode`` (not estimated).

``FlopCounterMode`` records the FLOPs of every matmul/conv/GRU-matmul that
actually runs, from the real shapes (2 FLOPs per multiply-add), for the
forward alone and for a forward + backward training step; elementwise ops
(BN, ReLU, pooling) are not counted, as usual for FLOP figures.
"""
from __future__ import annotations

from typing import Callable, Dict

from torch.utils.flop_counter import FlopCounterMode


def count_flops(fn: Callable[[], object]) -> Dict[str, object]:
    """Run ``fn`` once under ``FlopCounterMode``.

    Returns ``{'total': FLOPs, 'by_module': {module path: FLOPs}}`` with the
    module paths as ``FlopCounterMode`` names them (e.g. ``Recognizer3D.
    backbone.stem``).
    """
    counter = FlopCounterMode(display=False)
    with counter:
        fn()
    by_module = {name: int(sum(ops.values()))
                 for name, ops in counter.get_flop_counts().items()}
    return dict(total=int(counter.get_total_flops()), by_module=by_module)


def stage_flops(by_module: Dict[str, int], stages: Dict[str, str]
                ) -> Dict[str, int]:
    """Sum FLOPs of module paths ending with each stage's suffix.

    Args:
        by_module: ``count_flops(...)['by_module']``.
        stages: ``{stage name: module path suffix}``, e.g.
            ``{'stem': '.backbone.stem'}``.
    """
    return {name: sum(v for k, v in by_module.items() if k.endswith(suffix))
            for name, suffix in stages.items()}


def per_frame(flops: int, frames: int) -> float:
    """FLOPs per frame."""
    return flops / float(frames)
