"""The one EMA helper shared by BYOL, DINO and V-JEPA (target networks)."""
from __future__ import annotations

import math
from typing import Optional

import torch
import torch.nn as nn
from mmengine.model import ExponentialMovingAverage

from mmaction.registry import MODELS


def _clipped(cur_iter: int, max_iters: int) -> int:
    """``cur_iter`` clipped to ``[0, max_iters]`` (a positive length)."""
    if max_iters <= 0:
        raise ValueError(f'max_iters must be positive, got {max_iters}')
    return min(max(cur_iter, 0), max_iters)


def cosine_momentum(start: float, end: float, cur_iter: int,
                    max_iters: int) -> float:
    """Cosine schedule from ``start`` (iteration 0) to ``end`` (last).

    ``m_k = end - (end - start) * (cos(pi * k / K) + 1) / 2``, the schedule
    of BYOL (Grill et al. 2020, https://arxiv.org/abs/2006.07733, Sec. 3.2)
    and DINO (Caron et al. 2021, https://arxiv.org/abs/2104.14294), written
    here for the weight of the *new* value (mmengine's convention), so
    BYOL's ``tau: 0.99 -> 1`` is ``start=0.01, end=0``.

    Args:
        start: value at iteration 0.
        end: value at iteration ``max_iters``.
        cur_iter: current iteration (clipped to ``[0, max_iters]``).
        max_iters: length of the schedule.
    """
    k = _clipped(cur_iter, max_iters)
    return end - (end - start) * (math.cos(math.pi * k / max_iters) + 1) / 2


def linear_momentum(start: float, end: float, cur_iter: int,
                    max_iters: int) -> float:
    """Linear schedule from ``start`` (iteration 0) to ``end`` (last).

    ``m_k = start + (end - start) * k / K``, V-JEPA's target schedule
    (Bardes et al. 2024, https://arxiv.org/abs/2404.08471: EMA 0.998 -> 1,
    i.e. ``start=0.002, end=0`` as the weight of the new value).

    Args:
        start: value at iteration 0.
        end: value at iteration ``max_iters``.
        cur_iter: current iteration (clipped to ``[0, max_iters]``).
        max_iters: length of the schedule.
    """
    return start + (end - start) * _clipped(cur_iter, max_iters) / max_iters


MOMENTUM_SCHEDULES = dict(cosine=cosine_momentum, linear=linear_momentum)


def scheduled_momentum(schedule: str, start: float, end: float,
                       cur_iter: Optional[int],
                       max_iters: Optional[int]) -> float:
    """``MOMENTUM_SCHEDULES[schedule]`` at ``cur_iter``; ``start`` when the
    iteration is unknown (outside a runner)."""
    if schedule not in MOMENTUM_SCHEDULES:
        raise ValueError(f'momentum schedule must be one of '
                         f'{sorted(MOMENTUM_SCHEDULES)}, got {schedule!r}')
    if cur_iter is None or not max_iters:
        return start
    return MOMENTUM_SCHEDULES[schedule](start, end, cur_iter, max_iters)


@MODELS.register_module()
class MomentumEMA(ExponentialMovingAverage):
    """EMA copy of a network whose momentum is given at every update.

    ``target = (1 - momentum) * target + momentum * online``: ``momentum``
    is the weight of the *new* (online) value, mmengine's convention (BYOL's
    ``tau = 0.99`` is ``momentum = 0.01``; DINO's ``0.996`` is ``0.004``).
    The copy's parameters have ``requires_grad=False``; its buffers (BN
    running statistics) are copied from the online network at each update.
    The first update copies the online weights (so weights loaded by
    ``init_weights`` or a checkpoint after construction reach the target);
    every later update applies the formula. ``steps`` is a buffer, so a
    resumed run does not re-copy.

    Args:
        model: the online network to follow (deep-copied).
        momentum: initial weight of the new value, used when an update gives
            none.
        update_buffers: average buffers too instead of copying them.
    """

    def __init__(self, model: nn.Module, momentum: float = 0.004,
                 update_buffers: bool = False) -> None:
        super().__init__(model, momentum=momentum, interval=1,
                         update_buffers=update_buffers)

    @torch.no_grad()
    def update_parameters(self, model: nn.Module,
                          momentum: Optional[float] = None) -> None:
        """Move the copy towards ``model``.

        Args:
            model: the online network (same structure as the copy).
            momentum: weight of the new value for this update (in
                ``[0, 1]``); ``None`` keeps the last one.
        """
        if momentum is not None:
            if not 0.0 <= momentum <= 1.0:
                raise ValueError(f'momentum must be in [0, 1], '
                                 f'got {momentum}')
            self.momentum = float(momentum)
        super().update_parameters(model)
