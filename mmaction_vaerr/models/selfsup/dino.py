"""DINO self-distillation for video clips (Caron et al. 2021)."""
from __future__ import annotations

import logging
import math
from typing import Dict, List, Optional, Union

import torch
import torch.nn as nn
from mmengine.logging import print_log

from mmaction.registry import MODELS
from .base import BaseVideoSelfSup
from .ema import MomentumEMA


@MODELS.register_module()
class DINO(BaseVideoSelfSup):
    """Self-distillation with no labels, ResNet18Stem3D instead of a ViT.

    Caron et al., ICCV 2021 (https://arxiv.org/abs/2104.14294). The student
    (``backbone -> head.projector``) sees every view; the teacher, an EMA
    copy of it, sees the ``num_global_views`` global views only (the first
    entries of ``inputs``). Views of equal size are batched together, as in
    the paper's multi-crop wrapper. Two schedules are computed here from the
    runner's iteration and passed on explicitly: the teacher momentum
    (cosine, ``base_momentum -> end_momentum``, weight of the new value) and
    the teacher temperature (linear warm-up from ``warmup_teacher_temp`` to
    ``teacher_temp`` over ``warmup_teacher_temp_epochs`` epochs, then
    constant). Outside a runner both stay at their iteration-0 values. The
    student ``backbone`` (keys ``backbone.*``) is handed over downstream.
    Besides ``loss`` the returned dict logs ``teacher_entropy`` and
    ``kl_div`` (``loss = teacher_entropy + kl_div`` with loss weight 1): the
    loss itself rises while the teacher temperature warms up, ``kl_div``
    shows the student fitting the teacher, and an entropy near 0 or
    ``log K`` signals collapse. A warning is logged once when the teacher
    entropy has stayed above 99.5% of ``log K`` (uniform collapse: the
    student gets no signal any more) for ``collapse_patience`` iterations.

    Args:
        backbone: backbone config.
        head: :class:`DINOHead` config (projector + loss with centre).
        num_global_views: number of leading views the teacher sees.
        base_momentum: teacher EMA weight of the student at iteration 0
            (paper: ``1 - 0.996``).
        end_momentum: teacher EMA weight at the last iteration (paper: 0).
        teacher_temp: teacher temperature after warm-up (paper: 0.04-0.07).
        warmup_teacher_temp: teacher temperature at iteration 0 (0.04).
        warmup_teacher_temp_epochs: warm-up length in epochs (paper: 30);
            fractional epochs are derived from ``iter * max_epochs /
            max_iters``.
        data_preprocessor: see :class:`BaseVideoSelfSup`.
        init_cfg: mmengine init config.
    """

    def __init__(self, backbone: dict, head: dict, num_global_views: int = 2,
                 base_momentum: float = 0.004, end_momentum: float = 0.0,
                 teacher_temp: float = 0.07,
                 warmup_teacher_temp: float = 0.04,
                 warmup_teacher_temp_epochs: float = 30,
                 collapse_patience: int = 50,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[Union[dict, List[dict]]] = None) -> None:
        super().__init__(backbone=backbone, head=head,
                         data_preprocessor=data_preprocessor,
                         init_cfg=init_cfg)
        if num_global_views < 1:
            raise ValueError(f'num_global_views must be >= 1, '
                             f'got {num_global_views}')
        self.num_global_views = num_global_views
        self.base_momentum = base_momentum
        self.end_momentum = end_momentum
        self.teacher_temp = teacher_temp
        self.warmup_teacher_temp = warmup_teacher_temp
        self.warmup_teacher_temp_epochs = warmup_teacher_temp_epochs
        self.teacher = MomentumEMA(self.student_net(), base_momentum)
        self.collapse_patience = collapse_patience
        self._uniform_iters = 0
        self._last_entropy = None   # (entropy, K) of the previous step

    def _check_collapse(self) -> None:
        """Warn once when the teacher's targets have stayed uniform.

        Reads the previous step's entropy, already computed by now, so the
        check does not stall a GPU step with a device-to-host copy.
        """
        if self._last_entropy is None:
            return
        entropy, num_protos = self._last_entropy
        entropy, log_k = float(entropy), math.log(num_protos)
        uniform = entropy > 0.995 * log_k
        self._uniform_iters = self._uniform_iters + 1 if uniform else 0
        if self.collapse_patience and \
                self._uniform_iters == self.collapse_patience:
            print_log(
                f'DINO: the teacher output has been uniform for '
                f'{self._uniform_iters} iterations (entropy '
                f'{entropy:.4f}, log K = {log_k:.4f}): the run has '
                f'collapsed and the student learns nothing more. On small '
                f'batches BatchNorm in the head (head=dict(use_bn=True)) '
                f'avoided it here; see configs/selfsup/README.md.',
                logger='current', level=logging.WARNING)

    def student_net(self) -> nn.Sequential:
        """``backbone -> head.projector`` (shares the modules, no copy)."""
        return nn.Sequential(self.backbone, self.head.projector)

    def teacher_temperature(self) -> float:
        """Teacher temperature of the current iteration (linear warm-up)."""
        cur_iter, max_iters, max_epochs = self.train_progress()
        if cur_iter is None or not max_iters or not max_epochs:
            epoch = 0.0
        else:
            epoch = cur_iter * max_epochs / max_iters
        if epoch >= self.warmup_teacher_temp_epochs:
            return self.teacher_temp
        frac = epoch / self.warmup_teacher_temp_epochs
        return (self.warmup_teacher_temp +
                frac * (self.teacher_temp - self.warmup_teacher_temp))

    @staticmethod
    def _forward_by_size(net: nn.Module,
                         views: List[torch.Tensor]) -> List[torch.Tensor]:
        """Run ``net`` once per run of consecutive equally sized views."""
        outs, start = [], 0
        while start < len(views):
            stop = start + 1
            while (stop < len(views)
                   and views[stop].shape == views[start].shape):
                stop += 1
            out = net(torch.cat(views[start:stop]))
            outs += list(out.chunk(stop - start))
            start = stop
        return outs

    def loss(self, inputs: List[torch.Tensor],
             data_samples: Optional[list] = None) -> Dict[str, torch.Tensor]:
        n_global = self.num_global_views
        if (not isinstance(inputs, (list, tuple)) or len(inputs) < 2
                or len(inputs) < n_global):
            got = (f'{len(inputs)} views' if isinstance(inputs, (list, tuple))
                   else type(inputs).__name__)
            raise ValueError(f'DINO expects a list of >= 2 views, the first '
                             f'{n_global} global, got {got}')
        student = self.student_net()
        self.teacher.update_parameters(
            student, self.cosine_momentum(self.base_momentum,
                                          self.end_momentum))
        student_out = torch.stack(self._forward_by_size(student, inputs))
        with torch.no_grad():
            teacher_out = torch.stack(
                self._forward_by_size(self.teacher, inputs[:n_global]))
        teacher_temp = self.teacher_temperature()
        # logged, not optimised: loss = teacher_entropy + mean KL
        self._check_collapse()
        entropy = self.head.teacher_entropy(teacher_out, teacher_temp)
        self._last_entropy = (entropy.detach(), teacher_out.shape[-1])
        loss = self.head.loss(student_out, teacher_out,
                              teacher_temp=teacher_temp)
        return dict(loss=loss, teacher_entropy=entropy,
                    kl_div=loss.detach() - entropy)
