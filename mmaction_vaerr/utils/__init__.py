"""Speed switches (fast paths) of mmaction_vaerr; see :mod:`.fast_paths`."""
from .autocast_optim_wrapper import AutocastOptimWrapper
from .fast_paths import (TorchThreadsHook, apply_fast_paths, autocast_context,
                         compile_module, device_type_of, set_num_threads,
                         to_channels_last, use_tap_stem)
from .fast_stem import ResNet18TapStem, TapStem2d

__all__ = [
    'AutocastOptimWrapper', 'ResNet18TapStem', 'TapStem2d',
    'TorchThreadsHook', 'apply_fast_paths', 'autocast_context',
    'compile_module', 'device_type_of', 'set_num_threads',
    'to_channels_last', 'use_tap_stem'
]
