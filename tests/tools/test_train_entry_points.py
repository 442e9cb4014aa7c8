"""Training through mmaction2's own entry points, kill + resume included."""
import glob
import os
import os.path as osp
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest
import torch

import mmaction

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CFG = osp.join(REPO, 'configs', 'vaerr',
               'vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py')


def _opts(root, epochs):
    opts = ['train_cfg.val_interval=100', 'default_hooks.logger.interval=1',
            f'train_cfg.max_epochs={epochs}',
            'train_dataloader.dataset.pipeline.1.clip_len=8',
            'train_dataloader.batch_size=2', 'train_dataloader.num_workers=0',
            'train_dataloader.persistent_workers=False']
    for split in ('train', 'val', 'test'):
        opts.append(f'{split}_dataloader.dataset.data_root={root}')
    return ['--cfg-options', *opts]


def _env():
    env = dict(os.environ, OMP_NUM_THREADS='1', PYTHONWARNINGS='ignore')
    env['PYTHONPATH'] = REPO + os.pathsep + env.get('PYTHONPATH', '')
    return env


def _last_checkpoint(work):
    """The path in ``work/last_checkpoint``: mmengine's CheckpointHook
    writes it once a checkpoint file is complete (a fixed sleep after the
    .pth appeared read a half-written file on a loaded machine)."""
    try:
        with open(osp.join(work, 'last_checkpoint')) as f:
            return f.read()
    except FileNotFoundError:
        return None


@pytest.mark.long
def test_kill_then_resume_continues_iteration_and_optimizer(
        tiny_synthetic, tmp_path):
    work = str(tmp_path / 'work')
    cmd = [sys.executable, osp.join(REPO, 'tools', 'train.py'), CFG,
           '--work-dir', work]
    proc = subprocess.Popen(cmd + _opts(tiny_synthetic, 50), env=_env(),
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 300
    ckpt2 = osp.join(work, 'epoch_2.pth')
    while _last_checkpoint(work) != ckpt2:
        assert proc.poll() is None, 'training died before epoch 2'
        assert time.time() < deadline, 'no checkpoint within 300 s'
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # a real kill, mid-training
    proc.wait()
    saved = torch.load(osp.join(work, 'epoch_2.pth'), weights_only=False)
    iters_per_epoch = saved['meta']['iter'] // 2
    assert iters_per_epoch == 4  # 8 train videos / batch 2
    out = subprocess.run(cmd + ['--resume'] + _opts(tiny_synthetic, 3),
                         env=_env(), capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    log = out.stdout + out.stderr
    assert 'resumed epoch: 2, iter: 8' in log
    epochs_run = set(re.findall(r'Epoch\(train\)\s+\[(\d+)\]', log))
    assert epochs_run == {'3'}, epochs_run
    final = torch.load(osp.join(work, 'epoch_3.pth'), weights_only=False)
    assert final['meta']['iter'] == 12 and final['meta']['epoch'] == 3
    # optimizer state continued (AdamW step counts add up)
    steps = [s['step'] for s in final['optimizer']['state'].values()]
    assert all(int(s) == 12 for s in steps)


@pytest.mark.parametrize('entry', ['mmaction_script', 'mim'])
def test_mmaction2_entry_points_train(entry, tiny_synthetic, tmp_path):
    work = str(tmp_path / entry)
    if entry == 'mim':
        mim = shutil.which('mim', path=osp.dirname(sys.executable))
        assert mim, 'openmim is not installed in this environment'
        cmd = [mim, 'train', 'mmaction2', CFG, '--work-dir', work]
    else:  # mmaction2's packaged script, without our wrapper
        script = osp.join(osp.dirname(mmaction.__file__), '.mim', 'tools',
                          'train.py')
        cmd = [sys.executable, script, CFG, '--work-dir', work]
    out = subprocess.run(cmd + _opts(tiny_synthetic, 1), env=_env(),
                         capture_output=True, text=True, timeout=300,
                         cwd=str(tmp_path))
    assert out.returncode == 0, (out.stdout + out.stderr)[-3000:]
    assert glob.glob(osp.join(work, 'epoch_1.pth'))
