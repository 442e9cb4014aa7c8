"""Backbones that start from a pretext checkpoint: ``init_cfg=dict(
type='Pretrained', checkpoint=PATH, prefix='backbone.')`` loads the tensors
under ``prefix`` that fit (the handover of BYOL / DINO / LiRA / MAE /
V-JEPA, Jegorova et al., FG 2023, https://arxiv.org/abs/2210.11341), then the
backbone's frozen parts are frozen again.
"""
from __future__ import annotations

from typing import Dict

import torch.nn as nn
from mmengine.logging import MMLogger
from mmengine.runner.checkpoint import _load_checkpoint


def load_backbone_weights(module: nn.Module, checkpoint: str,
                          prefix: str = '') -> Dict[str, list]:
    """Load ``checkpoint`` keys under ``prefix`` into ``module``.

    Returns the missing and unexpected keys; raises if no key matched.
    """
    logger = MMLogger.get_current_instance()
    ckpt = _load_checkpoint(checkpoint, map_location='cpu')
    state = ckpt.get('state_dict', ckpt)
    if prefix and not prefix.endswith('.'):
        prefix += '.'
    state = {k[len(prefix):]: v for k, v in state.items()
             if k.startswith(prefix)}
    own = module.state_dict()
    matched = [k for k in state if k in own and own[k].shape == state[k].shape]
    if not matched:
        raise RuntimeError(
            f'{checkpoint}: no parameter under prefix {prefix!r} matches '
            f'{type(module).__name__} ({len(state)} keys under the prefix, '
            f'e.g. {list(state)[:3]})')
    result = module.load_state_dict({k: state[k] for k in matched},
                                    strict=False)
    unexpected = sorted(set(state) - set(matched))
    logger.info(f'Loaded {len(matched)}/{len(own)} backbone tensors from '
                f'{checkpoint} (prefix {prefix!r}); missing: '
                f'{result.missing_keys}; unexpected or mis-shaped: '
                f'{unexpected}')
    return dict(missing=list(result.missing_keys), unexpected=unexpected)


class PretrainedInitMixin:
    """``init_weights`` of a backbone with a ``Pretrained`` ``init_cfg``.

    For an ``mmengine`` ``BaseModule`` subclass with a ``_freeze()`` method
    (list it before ``BaseModule``): a ``Pretrained`` ``init_cfg`` loads
    the checkpoint with :func:`load_backbone_weights`, any other goes to
    ``BaseModule.init_weights`` and then ``_init_scratch()`` (a subclass's
    own from-scratch init; none by default); ``_freeze()`` runs after
    either.
    """

    def init_weights(self) -> None:
        """Load a pretext checkpoint when ``init_cfg`` is ``Pretrained``."""
        cfg = self.init_cfg
        if isinstance(cfg, dict) and cfg.get('type') == 'Pretrained':
            load_backbone_weights(self, cfg['checkpoint'],
                                  cfg.get('prefix', ''))
            self._is_init = True
        else:
            super().init_weights()
            self._init_scratch()
        self._freeze()

    def _init_scratch(self) -> None:
        """From-scratch init after ``BaseModule``'s; none by default."""
