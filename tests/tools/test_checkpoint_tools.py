"""The command-line tools refuse unsafe, corrupt and ill-fitting checkpoints.

``tools/test.py`` (mmaction2's script through our wrapper), the convert
tool and the demo, each as a user runs them: a subprocess.
"""
import os
import os.path as osp
import subprocess
import sys

import pytest
import torch
from mmengine.config import Config

from mmaction.registry import MODELS

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CFGS = osp.join(REPO, 'configs', 'vaerr')
BI = osp.join(CFGS, 'vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py')
UNI = osp.join(CFGS, 'vaerr_r18-stem3d-unigru_scratch_1xb4-20e_synthetic.py')


class _MakeDirs:
    """Unpickling this calls ``os.makedirs(marker)``: a stand-in attack."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.makedirs, (self.marker,)


def write_malicious(path, marker, state):
    torch.save(dict(state_dict=state, meta=dict(x=_MakeDirs(str(marker)))),
               str(path))
    return str(path)


def _env(**extra):
    env = dict(os.environ, OMP_NUM_THREADS='1', PYTHONWARNINGS='ignore',
               **extra)
    env.pop('MMACTION_VAERR_UNSAFE_LOAD', None)
    env['PYTHONPATH'] = REPO + os.pathsep + env.get('PYTHONPATH', '')
    return env


def _run(args, **extra):
    out = subprocess.run([sys.executable, *args], env=_env(**extra),
                         capture_output=True, text=True, timeout=300,
                         cwd=REPO)
    return out.returncode, out.stdout + out.stderr


@pytest.fixture(scope='module')
def bi_checkpoint(tmp_path_factory):
    """Weights of the bidirectional model (untrained: fit is about keys)."""
    torch.manual_seed(0)
    model = MODELS.build(Config.fromfile(BI).model)
    path = str(tmp_path_factory.mktemp('bi') / 'bi.pth')
    torch.save(dict(state_dict=model.state_dict(), meta=dict()), path)
    return path, model


def _test_py(cfg, ckpt, root, work):
    opts = ['test_dataloader.num_workers=0',
            'test_dataloader.persistent_workers=False',
            f'test_dataloader.dataset.data_root={root}']
    return _run([osp.join(REPO, 'tools', 'test.py'), cfg, ckpt,
                 '--work-dir', work, '--cfg-options', *opts])


def test_test_py_refuses_a_checkpoint_that_does_not_fit(
        bi_checkpoint, tiny_synthetic, tmp_path):
    ckpt = bi_checkpoint[0]
    rc, log = _test_py(UNI, ckpt, tiny_synthetic, str(tmp_path / 'uni'))
    assert rc == 1, log[-3000:]
    assert f'{ckpt} does not fit the model of the config {UNI}' in log
    assert 'Traceback' not in log and 'Epoch(test)' not in log
    rc, log = _test_py(BI, ckpt, tiny_synthetic, str(tmp_path / 'bi'))
    assert rc == 0, log[-3000:]
    assert 'Epoch(test)' in log and 'va/ccc_mean:' in log


def test_test_py_refuses_malicious_and_truncated_checkpoints(
        bi_checkpoint, tiny_synthetic, tmp_path):
    marker = tmp_path / 'pwned'
    evil = write_malicious(tmp_path / 'evil.pth', marker,
                           bi_checkpoint[1].state_dict())
    rc, log = _test_py(BI, evil, tiny_synthetic, str(tmp_path / 'w1'))
    assert rc == 1 and f'{evil}: refused to load' in log, log[-3000:]
    assert 'os.makedirs' in log and not marker.exists()
    data = open(bi_checkpoint[0], 'rb').read()
    cut = str(tmp_path / 'cut.pth')
    with open(cut, 'wb') as f:
        f.write(data[:len(data) // 2])
    rc, log = _test_py(BI, cut, tiny_synthetic, str(tmp_path / 'w2'))
    assert rc == 1, log[-3000:]
    assert f'{cut}: truncated or not a checkpoint' in log
    assert 'Traceback' not in log


def test_convert_tool_refuses_malicious_unless_opted_in(tmp_path):
    marker = tmp_path / 'pwned'
    evil = write_malicious(tmp_path / 'evil.pth', marker,
                           {'backbone.w': torch.ones(2)})
    tool = osp.join(REPO, 'tools', 'convert_pretext_checkpoint.py')
    dst = str(tmp_path / 'backbone.pth')
    rc, log = _run([tool, evil, dst])
    assert rc == 1 and f'{evil}: refused to load' in log, log[-3000:]
    assert not marker.exists() and not osp.exists(dst)
    rc, log = _run([tool, evil, dst, '--unsafe-load'])
    assert rc == 0, log[-3000:]
    assert marker.is_dir()  # the opt-in really unpickles in full
    assert torch.equal(torch.load(dst)['state_dict']['w'], torch.ones(2))


def test_convert_keeps_an_existing_output(tmp_path):
    from mmaction_vaerr.tools import convert_pretext_checkpoint as tool
    src, dst = str(tmp_path / 'src.pth'), str(tmp_path / 'dst.pth')
    torch.save(dict(state_dict={'backbone.w': torch.ones(2)}), src)
    with open(dst, 'w') as f:
        f.write('user file')
    with pytest.raises(FileExistsError, match='--overwrite'):
        tool.convert(src, dst)
    assert open(dst).read() == 'user file'
    tool.convert(src, dst, overwrite=True)
    assert torch.equal(torch.load(dst)['state_dict']['w'], torch.ones(2))
    assert sorted(os.listdir(tmp_path)) == ['dst.pth', 'src.pth']


def test_demo_refuses_a_malicious_checkpoint(bi_checkpoint, tiny_synthetic,
                                             tmp_path):
    marker = tmp_path / 'pwned'
    evil = write_malicious(tmp_path / 'evil.pth', marker,
                           bi_checkpoint[1].state_dict())
    with open(osp.join(tiny_synthetic, 'splits', 'test.txt')) as f:
        video = osp.join(tiny_synthetic, 'videos', f.read().split()[0] + '.mp4')
    rc, log = _run([osp.join(REPO, 'tools', 'demo', 'demo_video.py'), video,
                    BI, evil, '--aligned', '--out-dir', str(tmp_path / 'o')])
    assert rc != 0 and f'{evil}: refused to load' in log, log[-3000:]
    assert not marker.exists() and 'bidirectional' not in log
