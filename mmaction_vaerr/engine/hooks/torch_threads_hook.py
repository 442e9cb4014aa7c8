"""Set torch's thread counts in the runner's process before the run."""
from __future__ import annotations

from typing import Optional, Union

import torch
from mmengine.hooks import Hook

from mmaction.registry import HOOKS
from ...utils.fast_paths import set_num_threads
from ...utils.hardware import auto_num_threads


@HOOKS.register_module()
class TorchThreadsHook(Hook):
    """Set torch's intra-op (and inter-op) threads before the run.

    Dataloader workers already use one torch thread each (PyTorch sets it);
    this sets the main process. ``'auto'`` takes the cores this process may
    run on (its CPU affinity, e.g. a container's or ``taskset``'s limit),
    where torch's own default counts the machine's cores.

    Args:
        num_threads: intra-op threads, or ``'auto'``.
        num_interop_threads: inter-op threads (None: unchanged).
    """

    priority = 'VERY_HIGH'

    def __init__(self, num_threads: Union[int, str] = 'auto',
                 num_interop_threads: Optional[int] = None) -> None:
        if num_threads != 'auto' and (not isinstance(num_threads, int)
                                      or num_threads < 1):
            raise ValueError("num_threads must be 'auto' or an int >= 1, got "
                             f'{num_threads!r}')
        self.num_threads = num_threads
        self.num_interop_threads = num_interop_threads

    def before_run(self, runner) -> None:
        n = auto_num_threads() if self.num_threads == 'auto' \
            else self.num_threads
        set_num_threads(n, self.num_interop_threads)
        how = ' (auto: the CPU affinity)' if self.num_threads == 'auto' else ''
        runner.logger.info(f'torch threads: {torch.get_num_threads()}{how}')
