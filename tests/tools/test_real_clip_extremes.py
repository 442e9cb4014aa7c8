"""tools/analysis/real_clip_extremes.py on a real clip: it draws the frames
a demo CSV names, refuses to replace a file and names a bad input."""
import os.path as osp
import subprocess
import sys

import cv2
import numpy as np

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
TOOL = osp.join(REPO, 'tools', 'analysis', 'real_clip_extremes.py')
CLIP = osp.join(REPO, '..', 'shared', 'data', 'real_clips',
                'pyfeat_single_face.mp4')


def _run(*args):
    return subprocess.run([sys.executable, TOOL, *args], capture_output=True,
                          text=True, timeout=120)


def _csv(path, n=30):
    t = np.arange(n)
    a, v = np.sin(t / 5.0), -np.cos(t / 7.0)   # known extremes
    rows = ['frame,time,arousal,valence,valid'] + [
        f'{i},{i / 25:.3f},{a[i]:.4f},{v[i]:.4f},1' for i in range(n)]
    path.write_text('\n'.join(rows) + '\n')
    return a, v


def test_sheet_of_the_named_frames_of_a_real_clip(tmp_path):
    csv = tmp_path / 'clip.csv'
    a, v = _csv(csv)
    out = tmp_path / 'sheet.png'
    res = _run(CLIP, str(csv), '--out', str(out), '--smooth', '1')
    assert res.returncode == 0, res.stderr
    picked = {line[:16].strip(): int(line.split()[3])
              for line in res.stdout.splitlines()
              if line.startswith(('lowest', 'highest'))}
    assert picked == {'lowest valence': int(np.argmin(v)),
                      'highest valence': int(np.argmax(v)),
                      'lowest arousal': int(np.argmin(a)),
                      'highest arousal': int(np.argmax(a))}
    sheet = cv2.imread(str(out))
    assert sheet is not None and sheet.shape[0] == 2 * 240
    # refuses to replace its output, which stays as it was
    before = out.read_bytes()
    again = _run(CLIP, str(csv), '--out', str(out))
    assert again.returncode == 2 and 'exists' in again.stderr
    assert out.read_bytes() == before


def test_bad_inputs_name_the_file(tmp_path):
    bad = tmp_path / 'bad.csv'
    bad.write_text('a,b\n1,2\n')
    res = _run(CLIP, str(bad), '--out', str(tmp_path / 'x.png'))
    assert res.returncode == 2 and 'bad.csv' in res.stderr
    csv = tmp_path / 'clip.csv'
    _csv(csv)
    res = _run(str(tmp_path / 'missing.mp4'), str(csv), '--out',
               str(tmp_path / 'y.png'))
    assert res.returncode == 2 and 'missing.mp4' in res.stderr
    assert not (tmp_path / 'x.png').exists()
    assert not (tmp_path / 'y.png').exists()
