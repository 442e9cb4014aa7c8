"""Repeat timing with min/median/max, wall clock and process CPU time.

On a shared machine the wall time of a run depends on the other load; the
process CPU time (all threads) does much less, so both are recorded: the
wall figure is what a user sees, the CPU figure (``per_cpu_s``: work per
CPU-second) is what the code costs.
"""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional


@dataclass
class Stats:
    """Min/median/max of repeated measurements of one figure."""

    values: List[float] = field(default_factory=list)

    def as_dict(self, digits: int = 4) -> dict:
        if not self.values:
            return dict(min=None, median=None, max=None, n=0)
        return dict(min=round(min(self.values), digits),
                    median=round(statistics.median(self.values), digits),
                    max=round(max(self.values), digits), n=len(self.values))


@dataclass
class Timing:
    """Wall and CPU seconds of each repeat."""

    wall: List[float] = field(default_factory=list)
    cpu: List[float] = field(default_factory=list)

    def rate(self, work: float) -> Stats:
        """``work`` per wall second of each repeat (e.g. frames/s)."""
        return Stats([work / t for t in self.wall])

    def cpu_rate(self, work: float) -> Stats:
        """``work`` per CPU second (all threads) of each repeat."""
        return Stats([work / t for t in self.cpu if t > 0])

    def summary(self, work: float) -> dict:
        """Rates per wall and per CPU second, plus the raw seconds."""
        return dict(per_s=self.rate(work).as_dict(2),
                    per_cpu_s=self.cpu_rate(work).as_dict(2),
                    wall_s=Stats(self.wall).as_dict(),
                    cpu_s=Stats(self.cpu).as_dict())


def time_interleaved(fns: Dict[str, Callable[[], object]], repeats: int,
                     warmup: int = 1,
                     sync: Optional[Callable[[], None]] = None
                     ) -> Dict[str, Timing]:
    """Time several functions in turns: ``a b c a b c ...``.

    On a machine shared with other work the load drifts; running the
    variants in turns exposes them all to the same drift, so their ratios
    stay meaningful where block-by-block timing would not.
    """
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    out = {name: Timing() for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            if sync is not None:
                sync()
            wall, cpu = time.perf_counter(), time.process_time()
            fn()
            if sync is not None:
                sync()
            out[name].wall.append(time.perf_counter() - wall)
            out[name].cpu.append(time.process_time() - cpu)
    return out


def time_repeats(fn: Callable[[], object], repeats: int, warmup: int = 1,
                 sync: Optional[Callable[[], None]] = None) -> Timing:
    """Run ``fn`` ``warmup`` times untimed, then ``repeats`` timed times."""
    for _ in range(warmup):
        fn()
    if sync is not None:
        sync()
    out = Timing()
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        if sync is not None:
            sync()
        out.wall.append(time.perf_counter() - wall)
        out.cpu.append(time.process_time() - cpu)
    return out
