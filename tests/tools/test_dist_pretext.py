"""2 processes (torchrun, gloo, CPU) pretrain BYOL through tools/train.py."""
import os
import os.path as osp
import subprocess
import sys

import pytest
import torch

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CFG = osp.join(REPO, 'configs', 'selfsup', 'byol_r18-stem3d_1xb8-5e_synthetic.py')


@pytest.mark.long
def test_torchrun_two_processes_gloo(tiny_synthetic, tmp_path):
    from socket import socket
    with socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    work = str(tmp_path / 'byol_dist')
    cmd = [
        sys.executable, '-m', 'torch.distributed.run', '--nnodes=1',
        '--nproc_per_node=2', f'--master_port={port}',
        osp.join(REPO, 'tools', 'train.py'), CFG, '--launcher', 'pytorch',
        '--work-dir', work, '--cfg-options',
        'sync_bn=None', 'train_cfg.max_epochs=1',
        f'train_dataloader.dataset.data_root={tiny_synthetic}',
        'train_dataloader.batch_size=2', 'train_dataloader.num_workers=0',
        'train_dataloader.persistent_workers=False'
    ]
    env = dict(os.environ, OMP_NUM_THREADS='1', PYTHONWARNINGS='ignore')
    out = subprocess.run(cmd, env=env, capture_output=True, text=True,
                         timeout=600, cwd=str(tmp_path))
    log = out.stdout + out.stderr
    assert out.returncode == 0, log[-4000:]
    # 8 training videos / (2 processes x batch 2) = 2 iterations per epoch
    assert 'Distributed training is not used' not in log
    assert 'Epoch(train) [1][2/2]' in log.replace('  ', ' ')
    ckpt = torch.load(osp.join(work, 'epoch_1.pth'), weights_only=False)
    assert ckpt['meta']['iter'] == 2
    assert any(k.startswith('backbone.') for k in ckpt['state_dict'])
