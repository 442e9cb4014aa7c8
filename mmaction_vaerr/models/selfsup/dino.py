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


def _one_length(name: str, epochs: Optional[float],
                iters: Optional[int]) -> tuple:
    """Check that a schedule length is given in epochs or iters, not both."""
    if (epochs is None) == (iters is None):
        raise ValueError(
            f'give {name} either in epochs ({name}_epochs, epoch-based runs) '
            f'or in iterations ({name}_iters, iteration-based runs; set '
            f'{name}_epochs=None), got epochs={epochs}, iters={iters}')
    if (epochs or 0) < 0 or (iters or 0) < 0:
        raise ValueError(f'{name} length must be >= 0, got epochs={epochs}, '
                         f'iters={iters}')
    return epochs, iters


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
    constant). Outside a runner both stay at their iteration-0 values. As in
    DINO's code, the last (prototype) layer gets no gradient during the first
    ``freeze_last_layer_epochs`` epoch(s), which stabilises the start. Both
    lengths are counted in epochs for epoch-based runs; an iteration-based
    run (mmengine's ``IterBasedTrainLoop`` reports ``max_epochs = 1``) gives
    them in iterations instead (``warmup_teacher_temp_iters``,
    ``freeze_last_layer_iters``, with the epoch argument set to ``None``).
    The
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
            max_iters``. ``None`` when given in iterations.
        warmup_teacher_temp_iters: warm-up length in iterations, for
            iteration-based runs (exclusive with the epoch length).
        freeze_last_layer_epochs: epochs without gradient for the last
            layer (paper: 1; 0 disables). ``None`` when given in iterations.
        freeze_last_layer_iters: the same in iterations (exclusive with the
            epoch length).
        collapse_patience: iterations of uniform teacher output before the
            collapse warning (0 disables it).
        data_preprocessor: see :class:`BaseVideoSelfSup`.
        init_cfg: mmengine init config.
    """

    def __init__(self, backbone: dict, head: dict, num_global_views: int = 2,
                 base_momentum: float = 0.004, end_momentum: float = 0.0,
                 teacher_temp: float = 0.07,
                 warmup_teacher_temp: float = 0.04,
                 warmup_teacher_temp_epochs: Optional[float] = 30,
                 warmup_teacher_temp_iters: Optional[int] = None,
                 freeze_last_layer_epochs: Optional[float] = 1,
                 freeze_last_layer_iters: Optional[int] = None,
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
        self.warmup_teacher_temp_epochs, self.warmup_teacher_temp_iters = \
            _one_length('warmup_teacher_temp', warmup_teacher_temp_epochs,
                        warmup_teacher_temp_iters)
        self.freeze_last_layer_epochs, self.freeze_last_layer_iters = \
            _one_length('freeze_last_layer', freeze_last_layer_epochs,
                        freeze_last_layer_iters)
        self.teacher = MomentumEMA(self.student_net(), base_momentum)
        # DINO's cancel_gradients_last_layer: the gradient reaching the
        # prototype layer is zeroed while it is frozen (the parameters stay
        # in the graph, so DDP's reducer sees them every step; zero
        # gradients leave Adam's moments at 0, and AdamW's decoupled decay
        # only rescales weight_v, which the layer normalises away)
        for param in self.head.projector.last_layer.parameters():
            if param.requires_grad:
                param.register_hook(self._mask_last_layer_grad)
        self._freeze_now = False
        self._lengths_checked = False
        self.collapse_patience = collapse_patience
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
        if self.collapse_streak(uniform):
            print_log(
                f'DINO: the teacher output has been uniform for '
                f'{self.collapse_iters} iterations (entropy '
                f'{entropy:.4f}, log K = {log_k:.4f}): the run has '
                f'collapsed and the student learns nothing more. On small '
                f'batches BatchNorm in the head (head=dict(use_bn=True)) '
                f'avoided it here; see configs/selfsup/README.md.',
                logger='current', level=logging.WARNING)

    def student_net(self) -> nn.Sequential:
        """``backbone -> head.projector`` (shares the modules, no copy)."""
        return nn.Sequential(self.backbone, self.head.projector)

    def _progress(self, epochs: Optional[float],
                  iters: Optional[int]) -> float:
        """Fraction (may exceed 1) of a length given in epochs or iters."""
        cur_iter, max_iters, max_epochs = self.train_progress()
        length = iters if iters is not None else epochs
        if not length:
            return float('inf')
        if cur_iter is None:
            return 0.0
        if iters is not None:
            return cur_iter / iters
        if not max_iters or not max_epochs:
            return 0.0
        return cur_iter * max_epochs / max_iters / epochs

    def teacher_temperature(self) -> float:
        """Teacher temperature of the current iteration (linear warm-up)."""
        frac = self._progress(self.warmup_teacher_temp_epochs,
                              self.warmup_teacher_temp_iters)
        if frac >= 1:
            return self.teacher_temp
        return (self.warmup_teacher_temp +
                frac * (self.teacher_temp - self.warmup_teacher_temp))

    def _check_lengths(self) -> None:
        """Warn once when a length in epochs covers the whole run.

        mmengine's ``IterBasedTrainLoop`` reports ``max_epochs = 1``, so a
        length of 1 epoch there is the whole run: the prototype layer would
        never train, or the teacher temperature never finish its warm-up.
        """
        cur_iter, _, max_epochs = self.train_progress()
        if cur_iter is None or self._lengths_checked:
            return
        self._lengths_checked = True
        for name, epochs in (
                ('freeze_last_layer', self.freeze_last_layer_epochs),
                ('warmup_teacher_temp', self.warmup_teacher_temp_epochs)):
            if epochs is not None and max_epochs and epochs >= max_epochs:
                print_log(
                    f'DINO: {name}_epochs={epochs} covers the whole run '
                    f'(max_epochs={max_epochs}; an iteration-based run '
                    f'counts as 1 epoch): set {name}_iters (and '
                    f'{name}_epochs=None) for an iteration-based run',
                    logger='current', level=logging.WARNING)

    def last_layer_frozen(self) -> bool:
        """Whether the prototype layer gets no gradient this iteration."""
        return self._progress(self.freeze_last_layer_epochs,
                              self.freeze_last_layer_iters) < 1

    def _mask_last_layer_grad(self, grad: torch.Tensor) -> torch.Tensor:
        return torch.zeros_like(grad) if self._freeze_now else grad

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
        if self.training:
            self._check_lengths()
        self._freeze_now = self.training and self.last_layer_frozen()
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
