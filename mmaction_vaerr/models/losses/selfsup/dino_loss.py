"""DINO's self-distillation loss with teacher centring."""
from __future__ import annotations

import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F

from mmaction.registry import MODELS


def all_reduce_sum(x: torch.Tensor) -> torch.Tensor:
    """Sum ``x`` over processes in place; a no-op when not distributed."""
    if dist.is_available() and dist.is_initialized():
        dist.all_reduce(x, op=dist.ReduceOp.SUM)
    return x


@MODELS.register_module()
class DINOLoss(nn.Module):
    """Cross-entropy between sharpened, centred teacher and student outputs.

    Caron et al., "Emerging Properties in Self-Supervised Vision
    Transformers", ICCV 2021 (https://arxiv.org/abs/2104.14294), Alg. 1:
    ``H(pt, ps) = -sum_k pt_k log ps_k`` with
    ``pt = softmax((t - c) / teacher_temp)`` and
    ``ps = softmax(s / student_temp)``, averaged over every (teacher view,
    student view) pair except a view with itself. After the loss the centre
    ``c`` moves towards the mean teacher output of the *global* batch (summed
    over processes with ``all_reduce`` when ``torch.distributed`` is
    initialised, so every process keeps the same centre).

    Args:
        out_channels: number of prototypes ``K`` (size of the centre).
        student_temp: student softmax temperature (paper: 0.1).
        center_momentum: weight of the *new* batch mean in the centre update,
            ``c <- (1 - center_momentum) c + center_momentum * mean(t)``:
            the convention of mmengine's ``ExponentialMovingAverage`` and
            of PyTorch's BatchNorm ``momentum``. The paper's and
            ``main_dino.py``'s ``center_momentum = 0.9`` weighs the *old*
            centre, so it is ``0.1`` here (the default);
            ``tests/models/losses/selfsup/test_dino_loss.py`` pins the two
            against each other.
        loss_weight: multiplier of the loss.

    Example:
        >>> loss = DINOLoss(out_channels=8)
        >>> student = torch.randn(4, 2, 8)   # 2 global + 2 local views
        >>> teacher = torch.randn(2, 2, 8)   # the 2 global views
        >>> loss(student, teacher, teacher_temp=0.04).shape
        torch.Size([])
    """

    def __init__(self, out_channels: int, student_temp: float = 0.1,
                 center_momentum: float = 0.1,
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        if not 0.0 <= center_momentum <= 1.0:
            raise ValueError(f'center_momentum must be in [0, 1], got '
                             f'{center_momentum}')
        self.student_temp = student_temp
        self.center_momentum = center_momentum
        self.loss_weight = loss_weight
        self.register_buffer('center', torch.zeros(1, out_channels))

    def forward(self, student: torch.Tensor, teacher: torch.Tensor,
                teacher_temp: float) -> torch.Tensor:
        """Loss of one batch; also updates the centre.

        Args:
            student: ``(S, N, K)`` student logits; views ``0..G-1`` are the
                global views the teacher saw, in the same order.
            teacher: ``(G, N, K)`` teacher logits of the global views.
            teacher_temp: teacher temperature for this iteration (the
                warm-up schedule is computed by the caller).
        """
        if student.dim() != 3 or teacher.dim() != 3:
            raise ValueError(f'DINOLoss expects (views, N, K) tensors, got '
                             f'{tuple(student.shape)} and '
                             f'{tuple(teacher.shape)}')
        n_teacher, n_student = teacher.shape[0], student.shape[0]
        if (teacher.shape[1:] != student.shape[1:] or n_teacher > n_student
                or teacher.shape[2] != self.center.shape[1]):
            raise ValueError(
                f'student {tuple(student.shape)} and teacher '
                f'{tuple(teacher.shape)} must share (N, K) with '
                f'K={self.center.shape[1]} and teacher views <= student views')
        if teacher_temp <= 0:
            raise ValueError(f'teacher_temp must be positive, '
                             f'got {teacher_temp}')
        teacher = teacher.detach()
        t_prob = self.teacher_probs(teacher, teacher_temp)
        s_logp = F.log_softmax(student / self.student_temp, dim=-1)
        # Letters: g = teacher view, s = student view, n = clip in the batch,
        # k = prototype. ce[g, s] = mean over clips of H(pt_g, ps_s).
        ce = -torch.einsum('gnk,snk->gs', t_prob, s_logp) / student.shape[1]
        # Skip same-view pairs: student view g (g < G) is the very crop the
        # teacher saw as view g; matching on an identical input teaches no
        # invariance between views (Caron et al. skip these pairs too).
        mask = torch.ones_like(ce)
        mask[:, :n_teacher].fill_diagonal_(0)
        if mask.sum() == 0:
            raise ValueError('DINOLoss needs at least one pair of different '
                             'views (got 1 teacher view and 1 student view)')
        loss = (ce * mask).sum() / mask.sum()
        self.update_center(teacher)
        return self.loss_weight * loss

    def teacher_probs(self, teacher: torch.Tensor,
                      teacher_temp: float) -> torch.Tensor:
        """Centred, sharpened teacher distributions (current centre)."""
        return F.softmax((teacher - self.center) / teacher_temp, dim=-1)

    @torch.no_grad()
    def teacher_entropy(self, teacher: torch.Tensor,
                        teacher_temp: float) -> torch.Tensor:
        """Mean entropy of the teacher targets, the floor of the loss.

        ``loss - teacher_entropy`` is the mean KL divergence between teacher
        and student; Caron et al. track both to tell learning from collapse
        (uniform targets: entropy ``log K``; one-hot: 0). Call it before the
        loss, which moves the centre.
        """
        p = self.teacher_probs(teacher, teacher_temp)
        return -(p * torch.log(p.clamp_min(1e-12))).sum(-1).mean()

    @torch.no_grad()
    def update_center(self, teacher: torch.Tensor) -> None:
        """``c <- (1 - m) c + m * mean(teacher)`` over all processes."""
        total = teacher.float().reshape(-1, teacher.shape[-1]).sum(
            dim=0, keepdim=True)
        count = torch.tensor([float(teacher.shape[0] * teacher.shape[1])],
                             device=teacher.device)
        stats = all_reduce_sum(torch.cat([total, count[None]], dim=1))
        batch_center = stats[:, :-1] / stats[:, -1:]
        self.center.mul_(1 - self.center_momentum).add_(
            batch_center.to(self.center.dtype) * self.center_momentum)
