"""Work-arounds for the pinned OpenMMLab stack, applied on ``import mmaction_vaerr``.

1. mmaction2 1.2.0 as published on PyPI lacks ``mmaction/models/localizers/drn``
   while ``mmaction/models/localizers/__init__.py`` imports it, so
   ``import mmaction.models`` fails. We register a stand-in module whose
   ``DRN`` raises a clear error when built (nothing here uses DRN). It must be
   in ``sys.modules`` before ``mmaction.models`` is first imported; configs
   load this package through ``custom_imports`` before the runner builds
   any model, so mmaction2's own ``tools/train.py`` and ``mim train`` work.
2. Checkpoints load without running code from them: mmengine's loaders
   use ``torch.load(weights_only=True)`` with the allow-list of
   :mod:`mmaction_vaerr.checkpoint_io` (``MMACTION_VAERR_UNSAFE_LOAD=1`` opts
   in to full unpickling). Testing loads strictly; auto-resume skips a
   truncated last checkpoint; resume reruns a validation the stopped run
   lost (:class:`~mmaction_vaerr.engine.hooks.ResumeValidationHook`). See
   ``docs/checkpoints.md``.
3. mmengine's torchrun initialisation assumes CUDA; on CPU-only PyTorch we
   initialise gloo directly (see :func:`patch_cpu_distributed`).
"""
from __future__ import annotations

import importlib.util
import os
import sys
import types
import warnings

_DRN = 'mmaction.models.localizers.drn'


def _drn_missing() -> bool:
    # find_spec on the submodule would import mmaction.models (and fail), so
    # look for the folder next to the installed mmaction package instead.
    if _DRN in sys.modules:
        return False
    spec = importlib.util.find_spec('mmaction')
    if spec is None or not spec.submodule_search_locations:
        return False
    root = list(spec.submodule_search_locations)[0]
    return not os.path.isdir(os.path.join(root, 'models', 'localizers', 'drn'))


def patch_mmaction_drn() -> None:
    """Provide ``mmaction.models.localizers.drn`` if the wheel lacks it."""
    if not _drn_missing():
        return

    class DRN:  # noqa: D401 - stand-in, never built by this project
        """Placeholder for mmaction2's DRN localizer (absent from the wheel)."""

        def __init__(self, *args, **kwargs) -> None:
            raise RuntimeError(
                'DRN is missing from the mmaction2 1.2.0 PyPI wheel; install '
                'mmaction2 from source to use it.')

    pkg = types.ModuleType(_DRN)
    pkg.__path__ = []  # a package, so `from .drn.drn import DRN` resolves
    sub = types.ModuleType(_DRN + '.drn')
    sub.DRN = DRN
    pkg.drn = sub
    pkg.DRN = DRN
    sys.modules[_DRN] = pkg
    sys.modules[_DRN + '.drn'] = sub


def patch_cpu_distributed() -> None:
    """Let ``--launcher pytorch`` (torchrun) work with a CPU-only PyTorch.

    mmengine 0.10.7's ``_init_dist_pytorch`` calls ``torch.cuda.set_device``
    unconditionally, which raises on CPU builds. Without CUDA we initialise
    the process group directly, with gloo (nccl needs GPUs; a config asking
    for it falls back to gloo with a warning).
    """
    import torch
    from mmengine.dist import utils as dist_utils

    original = dist_utils._init_dist_pytorch
    if getattr(original, '_vaerr_patched', False):
        return

    def _init_dist_pytorch(backend, init_backend='torch', **kwargs):
        if torch.cuda.is_available() or init_backend != 'torch':
            return original(backend, init_backend=init_backend, **kwargs)
        if backend != 'gloo':
            warnings.warn(f'CUDA is not available: using the gloo backend '
                          f'instead of {backend!r} for distributed training')
        torch.distributed.init_process_group(backend='gloo', **kwargs)

    _init_dist_pytorch._vaerr_patched = True
    dist_utils._init_dist_pytorch = _init_dist_pytorch


def silence_mmcv_lite_warning() -> None:
    """mmcv-lite warns on every ``import mmcv.cnn`` that it has no compiled
    deformable attention; nothing here uses it."""
    warnings.filterwarnings(
        'ignore', message='Fail to import ``MultiScaleDeformableAttention``')


def apply() -> None:
    silence_mmcv_lite_warning()
    patch_mmaction_drn()
    from . import checkpoint_patches
    checkpoint_patches.apply()
    patch_cpu_distributed()
