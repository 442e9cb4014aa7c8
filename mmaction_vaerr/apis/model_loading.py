"""``init_model``: build a recognizer from its config and load a checkpoint
strictly and safely (mmaction2's ``init_recognizer``, for this plugin)."""
from __future__ import annotations

import os.path as osp
from pathlib import Path
from typing import Optional, Union

import torch.nn as nn
from mmengine.config import Config
from mmengine.logging import print_log
from mmengine.registry import init_default_scope
from mmengine.runner import load_checkpoint

from mmaction.registry import MODELS
from ..checkpoint_io import CheckpointError, CheckpointMismatchError


def init_model(config: Union[str, Path, Config],
               checkpoint: Optional[str] = None,
               device: str = 'cpu',
               cfg_options: Optional[dict] = None,
               int8: Optional[str] = None) -> nn.Module:
    """Build a model from a config file and load its checkpoint.

    Args:
        config: config file path or :class:`Config`.
        checkpoint: checkpoint of a downstream run (``state_dict`` of the
            whole recognizer). None keeps the initial weights (a warning is
            logged: predictions are then meaningless).
        device: ``'cpu'``, ``'cuda'``, ``'cuda:1'``, ...
        cfg_options: overrides merged into the config.
        int8: folder of a calibrated int8 trunk for this checkpoint
            (``tools/deployment/quantize_int8.py``); attached as
            ``model.int8_trunk`` for ``precision='int8'``. A folder made
            from other weights is refused.

    Returns:
        The recognizer in eval mode, with the config as ``model.cfg`` and
        the checkpoint's output calibration fit (``meta['va_calibration']``
        of ``tools/analysis/calibrate_va.py``; None if uncalibrated) as
        ``model.va_calibration``.

    Raises:
        FileNotFoundError: no such checkpoint.
        CheckpointMismatchError: its weights do not fit the config's model
            (missing, unexpected or mis-shaped keys).
        UnsafeCheckpointError: unpickling it would run code (see
            :mod:`mmaction_vaerr.checkpoint_io`).
        CorruptCheckpointError: truncated or not a checkpoint.
    """
    if isinstance(config, (str, Path)):
        config = Config.fromfile(str(config))
    elif not isinstance(config, Config):
        raise TypeError(f'config must be a file name or a Config, got '
                        f'{type(config).__name__}')
    if cfg_options:
        config.merge_from_dict(cfg_options)
    init_default_scope(config.get('default_scope', 'mmaction'))
    # the checkpoint holds every weight: do not look for a pretext file
    if config.model.get('backbone', {}).get('init_cfg') is not None:
        config.model.backbone.init_cfg = None
    model = MODELS.build(config.model)
    model.va_calibration = None
    if checkpoint is None:
        print_log('init_model: no checkpoint given, the model keeps its '
                  'initial (random) weights', logger='current',
                  level=30)
    else:
        if not osp.isfile(checkpoint):
            raise FileNotFoundError(f'checkpoint not found: {checkpoint}')
        try:
            ckpt = load_checkpoint(model, checkpoint, map_location='cpu',
                                   strict=True)
        except CheckpointError:
            raise  # unsafe, truncated or not a checkpoint: named already
        except RuntimeError as e:
            hint = ' (one GRU is bidirectional, the other not)' \
                if '_reverse' in str(e) else ''
            raise CheckpointMismatchError(
                checkpoint, f'{checkpoint} does not fit the model of the '
                f'config {getattr(config, "filename", "") or "given"}'
                f'{hint}: {e}') from None
        cal = (ckpt.get('meta') or {}).get('va_calibration')
        if cal:
            model.va_calibration = cal
            print_log(f"init_model: {checkpoint} is calibrated on "
                      f"validation (scale {cal.get('head_scale')}, shift "
                      f"{cal.get('head_shift')}; docs/calibration.md)",
                      logger='current')
    model.cfg = config
    model.to(device)
    model.eval()
    if int8 is not None:
        from ..export.int8_runtime import Int8Trunk
        model.int8_trunk = Int8Trunk(int8, model)
    return model
