"""Helpers of :class:`.BaseVAHead`: its loss config and the checkpoint keys
of earlier versions."""
from __future__ import annotations

import inspect
from typing import Dict

import torch.nn as nn
from mmengine.logging import print_log

from mmaction.registry import MODELS


def loss_cfg(loss_va: Dict, num_bins: int, num_dims: int) -> Dict:
    """``loss_va`` with the head's ``num_bins``/``num_dims`` filled in."""
    cfg = dict(loss_va)
    cls = MODELS.get(cfg['type']) if isinstance(cfg['type'], str) \
        else cfg['type']
    params = inspect.signature(cls).parameters if cls is not None else {}
    for name, value in (('num_bins', num_bins), ('num_dims', num_dims)):
        if name not in params:
            continue
        if cfg.setdefault(name, value) != value:
            raise ValueError(f'loss_va.{name}={cfg[name]} disagrees with the '
                             f"head's {name}={value}; set it on the head only")
    return cfg


def upgrade_state_dict(head: nn.Module, state_dict: Dict, prefix: str) -> None:
    """Rewrite, in place, a VA head's keys saved by earlier versions.

    - The loss (nCCE centroids) was ``loss_cls``; it is ``loss_va`` now.
    - CCC/MSE-only heads had an untrained ``fc_cls``; when the head does not
      build one, those keys are dropped with a log line.
    - Uncalibrated checkpoints have no ``va_scale`` / ``va_shift``: the
      identity is filled in.
    """
    for name in ('va_scale', 'va_shift'):
        if hasattr(head, name):
            state_dict.setdefault(prefix + name, getattr(head, name).clone()
                                  .fill_(1.0 if name == 'va_scale' else 0.0))
    old = prefix + 'loss_cls.'
    for key in [k for k in state_dict if k.startswith(old)]:
        state_dict[prefix + 'loss_va.' + key[len(old):]] = state_dict.pop(key)
    if getattr(head, 'fc_cls', None) is not None:
        return
    dropped = [k for k in state_dict if k.startswith(prefix + 'fc_cls.')]
    for key in dropped:
        state_dict.pop(key)
    if dropped:
        print_log(f'{type(head).__name__}: the checkpoint has a bin '
                  'classifier (fc_cls) that this head does not build (its '
                  'loss uses no logits); ignored it. Set with_cls=True to '
                  'keep it.', logger='current')
