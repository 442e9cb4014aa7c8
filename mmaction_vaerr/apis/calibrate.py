"""Fit the output calibration of a trained VA model on its validation split
and write a calibrated checkpoint.

The model runs through mmengine's ``Runner`` test loop on the config's
``val_dataloader`` (the split that chose the checkpoint, never the test
one); mmengine's ``DumpResults`` collects the predictions, and
:func:`~mmaction_vaerr.evaluation.calibration.fit_va_calibration` fits the
affine map. The calibrated checkpoint holds the weights with the head's
``va_scale`` / ``va_shift`` set, and the fit in ``meta['va_calibration']``;
``tools/test.py``, the inference API, the demo and streaming apply it
because it is part of the model.
"""
from __future__ import annotations

import copy
import os.path as osp
import time
from typing import Dict, List, Optional

import torch

from ..checkpoint_io import load_local_checkpoint
from ..evaluation.calibration import VACalibration, fit_va_calibration
from ..io import atomic_write, check_replace, load_dump

HEAD = 'cls_head'


def predict_val(cfg, checkpoint: str, work_dir: str) -> List[dict]:
    """Validation predictions of ``checkpoint`` (one sample a video)."""
    from mmengine.runner import Runner
    cfg = copy.deepcopy(cfg)
    dump = osp.join(work_dir, 'val_predictions.pkl')
    cfg.work_dir = work_dir
    cfg.load_from = checkpoint
    cfg.resume = False
    cfg.test_dataloader = cfg.val_dataloader
    cfg.test_evaluator = [dict(type='DumpResults', out_file_path=dump)]
    cfg.experiment_name = f'calibrate_{time.time_ns()}'
    for key in ('train_dataloader', 'train_cfg', 'optim_wrapper',
                'param_scheduler', 'val_cfg', 'val_dataloader',
                'val_evaluator'):
        cfg.pop(key, None)
    Runner.from_cfg(cfg).test()
    return load_dump(dump)


def calibrated_state(ckpt: Dict, cal: VACalibration,
                     head: str = HEAD) -> Dict:
    """``ckpt``'s weights and meta with ``cal`` in the head's buffers.

    ``cal`` was fitted on the outputs of ``ckpt``: when ``ckpt`` is already
    calibrated, the maps compose (``cal`` after the one it holds).
    """
    state = dict(ckpt.get('state_dict', ckpt))
    if not any(k.startswith(head + '.') for k in state):
        raise ValueError(f'the checkpoint has no {head}.* weights: not a '
                         'VA recognizer')
    old_scale = state.get(f'{head}.va_scale', torch.ones(len(cal.scale)))
    old_shift = state.get(f'{head}.va_shift', torch.zeros(len(cal.shift)))
    scale = torch.tensor(cal.scale, dtype=torch.float32)
    shift = torch.tensor(cal.shift, dtype=torch.float32)
    state[f'{head}.va_scale'] = scale * old_scale.float()
    state[f'{head}.va_shift'] = scale * old_shift.float() + shift
    meta = dict(ckpt.get('meta') or {})
    meta['va_calibration'] = dict(
        cal.to_dict(), head_scale=state[f'{head}.va_scale'].tolist(),
        head_shift=state[f'{head}.va_shift'].tolist())
    return dict(meta=meta, state_dict=state)


def calibrate_checkpoint(config: str, checkpoint: str, out: str,
                         work_dir: str,
                         cfg_options: Optional[Dict] = None,
                         overwrite: bool = False) -> VACalibration:
    """Fit on the validation split and write ``out`` (see module doc).

    Raises:
        FileExistsError: ``out`` exists and ``overwrite`` is False (checked
            before the model runs).
        ValueError: the model has no calibratable VA head, or the fit
            fails (too few frames, constant predictions).
    """
    from mmengine.config import Config
    check_replace(out, overwrite)
    cfg = Config.fromfile(config)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    head_type = cfg.model.get(HEAD, {}).get('type', '')
    from mmaction.registry import MODELS
    from ..models.heads.base_va_head import BaseVAHead
    head_cls = MODELS.get(head_type) if head_type else None
    if head_cls is None or not issubclass(head_cls, BaseVAHead):
        raise ValueError(f'{config}: model.{HEAD} is {head_type or "absent"}'
                         '; calibration needs a VA head (BaseVAHead)')
    cal = fit_va_calibration(predict_val(cfg, checkpoint, work_dir))
    cal.stats['source'] = checkpoint
    state = calibrated_state(load_local_checkpoint(checkpoint), cal)
    with atomic_write(out) as tmp:
        torch.save(state, tmp)
    return cal
