"""Single-threaded torch for tests."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator


@contextmanager
def single_thread() -> Iterator[None]:
    """Run the block with one torch thread, then restore the count.

    On a shared, oversubscribed 2-core machine two OpenMP threads spin-wait
    for each other (20x slower there); tests of small models run faster on
    one thread.
    """
    import torch
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(n)
