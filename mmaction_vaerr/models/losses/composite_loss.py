"""Weighted sum of the SS-VAERR losses with weights per VA dimension.

``L = w_ccc*CCC + w_mse*MSE + w_ce*CE + w_ncce*nCCE`` for each dimension
(Jegorova et al., FG 2023, https://arxiv.org/abs/2210.11341, Table III).
Every row of Table III is a ``weights`` dict, e.g. the paper's best:

- SEWA: ``dict(ccc=0.5, mse=0.25, ce=0.25)``
- RECOLA (arousal, valence): ``dict(ccc=[0.66, 1.0], ce=[0.34, 0.0])``
"""
from __future__ import annotations

from typing import Dict, Optional, Sequence, Union

import torch
import torch.nn as nn

from mmaction.registry import MODELS
from .ccc_loss import concordance_cc
from .utils import select_reg

Weight = Union[float, Sequence[float]]

_DEFAULT_LOSSES = dict(
    ccc=dict(type='CCCLoss'),
    mse=dict(type='VAMSELoss'),
    ce=dict(type='BinCELoss'),
    ncce=dict(type='NCCELoss'))
_LOGIT_LOSSES = ('ce', 'ncce')  # the components computed on the bin logits


@MODELS.register_module()
class VACompositeLoss(nn.Module):
    """Per-dimension weighted CCC + MSE + bin-CE + nCCE.

    Only components with a nonzero weight are built and computed. The
    forward returns mmengine-style loss keys ``loss_<name>`` (sum over
    dimensions of weight * value; mmengine sums every key containing
    ``'loss'``) and, for logging, the detached batch CCC per dimension as
    ``ccc_<dim name>``.

    Args:
        weights: ``{component: weight}`` with components ``ccc``, ``mse``,
            ``ce``, ``ncce``; a weight is a scalar (all dimensions) or a
            sequence with one value per dimension. Missing components
            have weight 0.
        num_bins: number of bins for ``ce`` and ``ncce``.
        losses: optional ``{component: config}`` overriding the default
            component configs (``num_bins``/``num_dims`` are filled in for
            ``ce``/``ncce`` when not given).
        num_dims: number of label dimensions ``D``.
        dim_names: names of the dimensions used in the logging keys.
    """

    def __init__(self,
                 weights: Optional[Dict[str, Weight]] = None,
                 num_bins: int = 20,
                 losses: Optional[Dict[str, dict]] = None,
                 num_dims: int = 2,
                 dim_names: Sequence[str] = ('arousal', 'valence')) -> None:
        super().__init__()
        if weights is None:
            weights = dict(ccc=[0.5, 0.5], mse=[0.25, 0.25],
                           ce=[0.25, 0.25], ncce=[0.0, 0.0])
        if len(dim_names) != num_dims:
            raise ValueError(f'dim_names {tuple(dim_names)} does not have '
                             f'num_dims={num_dims} entries')
        self.num_dims = num_dims
        self.dim_names = tuple(dim_names)
        cfgs = {k: dict(v) for k, v in _DEFAULT_LOSSES.items()}
        for name, cfg in (losses or {}).items():
            if name not in cfgs:
                raise ValueError(f'unknown loss component {name!r} in losses;'
                                 f' expected one of {sorted(cfgs)}')
            cfgs[name] = dict(cfg)
        for name in ('ce', 'ncce'):
            cfgs[name].setdefault('num_bins', num_bins)
        cfgs['ncce'].setdefault('num_dims', num_dims)

        self.weights: Dict[str, list] = {}
        self.components = nn.ModuleDict()
        for name, weight in weights.items():
            if name not in cfgs:
                raise ValueError(f'unknown loss component {name!r} in weights;'
                                 f' expected one of {sorted(cfgs)}')
            per_dim = self._per_dim(name, weight)
            if any(w != 0.0 for w in per_dim):
                self.weights[name] = per_dim
                self.components[name] = MODELS.build(cfgs[name])

    @property
    def uses_logits(self) -> bool:
        """Whether a built component reads the bin logits (ce, ncce)."""
        return any(name in _LOGIT_LOSSES for name in self.components)

    def _per_dim(self, name: str, weight: Weight) -> list:
        if isinstance(weight, (int, float)):
            return [float(weight)] * self.num_dims
        weight = [float(w) for w in weight]
        if len(weight) != self.num_dims:
            raise ValueError(f'weight of {name!r} must be a scalar or have '
                             f'{self.num_dims} values, got {weight}')
        return weight

    def forward(self, reg: torch.Tensor, logits: torch.Tensor,
                target: torch.Tensor,
                mask: Optional[torch.Tensor]) -> Dict[str, torch.Tensor]:
        """Args: see :mod:`.utils`. Returns: dict of losses and log values."""
        out: Dict[str, torch.Tensor] = {}
        for name, module in self.components.items():
            value = module(reg, logits, target, mask)  # (D,)
            weight = value.new_tensor(self.weights[name])
            out[f'loss_{name}'] = (weight * value).sum()
        with torch.no_grad():
            x, y = select_reg(reg.detach(), target, mask)
            ccc = concordance_cc(x, y)
        for d, dim_name in enumerate(self.dim_names):
            out[f'ccc_{dim_name}'] = ccc[d]
        return out
