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
