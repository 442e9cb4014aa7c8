import pytest
import torch

from mmaction_vaerr.models.losses.selfsup import DINOLoss


def reference_dino_loss(student, teacher, center, student_temp,
                        teacher_temp):
    """Straightforward loops over (teacher view, student view) pairs."""
    total, pairs = 0.0, 0
    for g in range(teacher.shape[0]):
        t = torch.softmax((teacher[g] - center) / teacher_temp, dim=-1)
        for s in range(student.shape[0]):
            if s == g:
                continue
            log_p = torch.log_softmax(student[s] / student_temp, dim=-1)
            per_clip = [-(t[n] * log_p[n]).sum()
                        for n in range(student.shape[1])]
            total = total + torch.stack(per_clip).mean()
            pairs += 1
    return total / pairs


@pytest.mark.parametrize('n_global,n_local,batch,k', [
    (2, 0, 3, 5), (2, 4, 2, 7), (1, 3, 4, 16), (3, 2, 1, 4)])
def test_matches_reference(n_global, n_local, batch, k):
    torch.manual_seed(n_global * 10 + n_local)
    loss = DINOLoss(out_channels=k, student_temp=0.1, center_momentum=0.1)
    loss.center.copy_(torch.randn(1, k))
    student = torch.randn(n_global + n_local, batch, k)
    teacher = torch.randn(n_global, batch, k)
    expected = reference_dino_loss(student, teacher, loss.center.clone(),
                                   0.1, 0.05)
    got = loss(student, teacher, teacher_temp=0.05)
    torch.testing.assert_close(got, expected)


def test_center_update_formula_and_loss_weight():
    torch.manual_seed(0)
    loss = DINOLoss(out_channels=6, center_momentum=0.25, loss_weight=2.0)
    old = torch.randn(1, 6)
    loss.center.copy_(old)
    student, teacher = torch.randn(4, 3, 6), torch.randn(2, 3, 6)
    value = loss(student, teacher, teacher_temp=0.04)
    batch_mean = teacher.reshape(-1, 6).mean(0, keepdim=True)
    torch.testing.assert_close(loss.center, 0.75 * old + 0.25 * batch_mean)
    # the loss used the centre from before the update
    ref = reference_dino_loss(student, teacher, old, 0.1, 0.04)
    torch.testing.assert_close(value, 2.0 * ref)


def test_gradient_reaches_student_only():
    loss = DINOLoss(out_channels=4)
    student = torch.randn(3, 2, 4, requires_grad=True)
    teacher = torch.randn(2, 2, 4, requires_grad=True)
    loss(student, teacher, teacher_temp=0.04).backward()
    assert student.grad is not None and student.grad.abs().sum() > 0
    assert teacher.grad is None


@pytest.mark.parametrize('student,teacher,msg', [
    ((3, 2, 4), (2, 2, 5), 'share'),      # K differs
    ((1, 2, 4), (2, 2, 4), 'share'),      # more teacher than student views
    ((3, 2, 4), (2, 3, 4), 'share'),      # batch differs
    ((3, 8), (2, 8), 'views'),            # not 3-D
    ((1, 2, 4), (1, 2, 4), 'at least one pair'),
])
def test_bad_input(student, teacher, msg):
    loss = DINOLoss(out_channels=4)
    with pytest.raises(ValueError, match=msg):
        loss(torch.randn(*student), torch.randn(*teacher), teacher_temp=0.04)


def test_bad_arguments():
    with pytest.raises(ValueError, match='center_momentum'):
        DINOLoss(out_channels=4, center_momentum=1.5)
    with pytest.raises(ValueError, match='teacher_temp'):
        DINOLoss(out_channels=4)(torch.randn(2, 1, 4), torch.randn(1, 1, 4),
                                 teacher_temp=0.0)


def test_teacher_entropy_and_kl_identity():
    loss = DINOLoss(out_channels=8)
    uniform = torch.zeros(2, 3, 8)
    assert loss.teacher_entropy(uniform, 0.04).item() == pytest.approx(
        torch.log(torch.tensor(8.0)).item())
    torch.manual_seed(0)
    student, teacher = torch.randn(5, 3, 8), torch.randn(2, 3, 8)
    entropy = loss.teacher_entropy(teacher, 0.04)
    value = loss(student, teacher, teacher_temp=0.04)
    # loss = mean teacher entropy + mean KL(teacher || student) over pairs
    log_t = torch.log_softmax(teacher / 0.04, -1)
    kls = [(log_t[g].exp() * (log_t[g] - torch.log_softmax(
        student[s] / 0.1, -1))).sum(-1).mean()
        for g in range(2) for s in range(5) if s != g]
    torch.testing.assert_close(value - entropy, torch.stack(kls).mean())


# --- pinned to the authors' formulation -----------------------------------
# Caron et al. 2021 (https://arxiv.org/abs/2104.14294), Algorithm 1 and the
# DINOLoss of their main_dino.py, written out here from the paper's
# description in the authors' tensor layout: every view's outputs
# concatenated along the batch axis (``(views * N, K)``), the teacher's
# centre EMA ``c <- m c + (1 - m) mean(t)`` with the paper's ``m = 0.9``.

class AuthorsDINOLoss:
    """The paper's loss and centre, independent of the project's code."""

    def __init__(self, k, n_crops, student_temp=0.1, center_momentum=0.9):
        self.n_crops = n_crops
        self.student_temp = student_temp
        self.m = center_momentum
        self.center = torch.zeros(1, k)

    def __call__(self, student_output, teacher_output, teacher_temp):
        student_views = (student_output / self.student_temp).chunk(
            self.n_crops)
        teacher_probs = torch.softmax(
            (teacher_output - self.center) / teacher_temp, dim=-1)
        teacher_views = teacher_probs.detach().chunk(2)
        total, terms = 0.0, 0
        for iq, q in enumerate(teacher_views):
            for v, s in enumerate(student_views):
                if v == iq:
                    continue       # the same crop seen by both networks
                ce = torch.sum(-q * torch.log_softmax(s, dim=-1), dim=-1)
                total = total + ce.mean()
                terms += 1
        total = total / terms
        with torch.no_grad():
            batch_center = teacher_output.sum(0, keepdim=True) / len(
                teacher_output)
            self.center = self.center * self.m + batch_center * (1 - self.m)
        return total


def _authors_layout(views):
    """``(V, N, K)`` -> ``(V * N, K)``, view-major like ``torch.cat``."""
    return views.reshape(-1, views.shape[-1])


def test_loss_and_centre_equal_the_authors_over_three_steps():
    k, n, n_crops = 9, 4, 6                  # 2 global + 4 local crops
    ours = DINOLoss(out_channels=k, student_temp=0.1, center_momentum=0.1)
    theirs = AuthorsDINOLoss(k, n_crops, student_temp=0.1,
                             center_momentum=0.9)
    g = torch.Generator().manual_seed(0)
    for step in range(3):                     # the centre carries over
        student = torch.randn(n_crops, n, k, generator=g)
        teacher = 3 * torch.randn(2, n, k, generator=g)
        temp = 0.04 + 0.01 * step
        got = ours(student, teacher, teacher_temp=temp)
        expected = theirs(_authors_layout(student), _authors_layout(teacher),
                          temp)
        torch.testing.assert_close(got, expected)
        # the project's center_momentum=0.1 is the paper's m = 0.9
        torch.testing.assert_close(ours.center, theirs.center)


def test_one_sgd_step_equals_the_authors():
    torch.manual_seed(0)
    k, n, n_crops, d = 5, 3, 4, 7
    student_net = torch.nn.Linear(d, k)
    theirs_net = torch.nn.Linear(d, k)
    theirs_net.load_state_dict(student_net.state_dict())
    teacher_net = torch.nn.Linear(d, k)
    crops = torch.randn(n_crops, n, d)
    with torch.no_grad():
        teacher = teacher_net(crops[:2])
    ours = DINOLoss(out_channels=k, center_momentum=0.1)
    theirs = AuthorsDINOLoss(k, n_crops, center_momentum=0.9)
    for net, loss_fn, layout in ((student_net, ours, False),
                                 (theirs_net, theirs, True)):
        opt = torch.optim.SGD(net.parameters(), lr=0.5)
        out = net(crops)
        loss = (loss_fn(_authors_layout(out), _authors_layout(teacher), 0.04)
                if layout else loss_fn(out, teacher, teacher_temp=0.04))
        opt.zero_grad()
        loss.backward()
        opt.step()
    for a, b in zip(student_net.parameters(), theirs_net.parameters()):
        torch.testing.assert_close(a, b)
