"""The DINO centre is reduced across processes (gloo, CPU)."""
import os

import torch
import torch.multiprocessing as mp

from mmaction_vaerr.testing import free_port, gloo_group

WORLD = 2
K = 6


def global_batch():
    g = torch.Generator().manual_seed(0)
    student = torch.randn(4, 4, K, generator=g)   # 2 global + 2 local views
    teacher = torch.randn(2, 4, K, generator=g)   # 4 clips in all
    return student, teacher


def make_head():
    from mmaction_vaerr.models.heads.selfsup import DINOHead
    torch.manual_seed(0)
    return DINOHead(in_channels=8, hid_channels=8, bottleneck_channels=4,
                    out_channels=K)


def worker(rank, port, out_dir):
    import mmaction_vaerr  # noqa: F401
    with gloo_group(rank, WORLD, port=port):
        head = make_head()
        student, teacher = global_batch()
        per_rank = teacher.shape[1] // WORLD   # each process: its clips
        sl = slice(rank * per_rank, (rank + 1) * per_rank)
        head.loss(student[:, sl], teacher[:, sl], teacher_temp=0.04)
        torch.save(head.loss_module.center.clone(),
                   os.path.join(out_dir, f'center{rank}.pt'))


def test_centre_identical_and_equal_to_single_process(tmp_path):
    mp.spawn(worker, args=(free_port(), str(tmp_path)), nprocs=WORLD)
    c0 = torch.load(tmp_path / 'center0.pt')
    c1 = torch.load(tmp_path / 'center1.pt')
    assert torch.equal(c0, c1)

    head = make_head()
    student, teacher = global_batch()
    head.loss(student, teacher, teacher_temp=0.04)
    single = head.loss_module.center
    torch.testing.assert_close(c0, single)
    # and it is not just the rank's own half of the batch
    local = 0.1 * teacher[:, :2].reshape(-1, K).mean(0, keepdim=True)
    assert not torch.allclose(c0, local)
