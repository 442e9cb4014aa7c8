"""A gloo (CPU) process group for tests that spawn two processes."""
from __future__ import annotations

import datetime
import os
import socket
from contextlib import contextmanager
from typing import Iterator, Optional


def free_port() -> int:
    """A TCP port of 127.0.0.1 that is free now."""
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


@contextmanager
def gloo_group(rank: int, world_size: int, port: Optional[int] = None,
               init_file: Optional[str] = None,
               timeout_s: Optional[float] = None) -> Iterator[None]:
    """Join a gloo process group for the block, then destroy it.

    Args:
        rank: this process's rank.
        world_size: the number of processes.
        port: rendezvous on ``127.0.0.1:port`` (``env://``), or
        init_file: rendezvous through this file (``file://``).
        timeout_s: collective timeout (torch's default when None).
    """
    import torch.distributed as dist
    kw = {} if timeout_s is None else dict(
        timeout=datetime.timedelta(seconds=timeout_s))
    if init_file is not None:
        kw['init_method'] = f'file://{init_file}'
    elif port is not None:
        os.environ.update(MASTER_ADDR='127.0.0.1', MASTER_PORT=str(port))
    else:
        raise ValueError('give port or init_file')
    dist.init_process_group('gloo', rank=rank, world_size=world_size, **kw)
    try:
        yield
    finally:
        dist.destroy_process_group()
