"""Mean squared error on the regression output, per VA dimension.

Part of the SS-VAERR objective (Jegorova et al., FG 2023,
https://arxiv.org/abs/2210.11341).
"""
from __future__ import annotations

from typing import Optional

import torch
import torch.nn as nn

from mmaction.registry import MODELS
from .utils import select_reg


@MODELS.register_module()
class VAMSELoss(nn.Module):
    """MSE between ``reg`` and ``target`` averaged over the valid frames.

    Returns a (D,) tensor; 0 (with zero gradient) when no frame is valid.

    Example:
        >>> reg = torch.zeros(1, 2, 2)
        >>> target = torch.tensor([[[1., 0.], [-1., 0.5]]])
        >>> VAMSELoss()(reg, None, target, None)
        tensor([1.0000, 0.1250])
    """

    def forward(self, reg: torch.Tensor, logits: Optional[torch.Tensor],
                target: torch.Tensor,
                mask: Optional[torch.Tensor]) -> torch.Tensor:
        """Args: see :mod:`.utils`. Returns: (D,) unweighted loss."""
        x, y = select_reg(reg, target, mask)
        if x.shape[0] == 0:
            return x.sum(0) * 0.0
        return (x - y).pow(2).mean(0)
