"""Quadrant lists from per-frame VA labels (known answers) and the tool's
overwrite guard."""
import os.path as osp
import subprocess
import sys

import numpy as np

from mmaction_vaerr.dataprep import quadrant_counts, write_quadrant_list
from mmaction_vaerr.datasets import VAAnnotation, write_split, write_va_csv
from mmaction_vaerr.io import DatasetLayout
from mmaction_vaerr.tools import REPO

# video -> (mean arousal, mean valence) -> quadrant (va_classification)
CASES = {'hi_pos': (0.5, 0.4, 0), 'hi_neg': (0.3, -0.6, 1),
         'lo_neg': (-0.2, -0.1, 2), 'lo_pos': (-0.7, 0.8, 3)}


def _root(tmp_path):
    layout = DatasetLayout(str(tmp_path))
    for vid, (a, v, _) in CASES.items():
        valid = np.array([True, True, True, False])
        # the invalid frame would flip every quadrant if it were counted
        write_va_csv(layout.label(vid), VAAnnotation(
            arousal=np.array([a, a, a, -9 * a]),
            valence=np.array([v, v, v, -9 * v]), valid=valid, fps=25.0))
    write_va_csv(layout.label('blank'), VAAnnotation(
        arousal=np.zeros(2), valence=np.zeros(2),
        valid=np.zeros(2, bool), fps=25.0))
    write_split(layout.split('train'), list(CASES) + ['blank'])
    return layout


def test_quadrants_of_known_labels(tmp_path):
    layout = _root(tmp_path)
    out = str(tmp_path / 'q.txt')
    lines = write_quadrant_list(str(tmp_path), 'train', out)
    assert lines == [f'{vid}.mp4 {q}' for vid, (_, _, q) in CASES.items()]
    assert open(out).read().split('\n')[:-1] == lines   # 'blank' left out
    assert quadrant_counts(lines) == [1, 1, 1, 1]
    assert osp.isfile(layout.split('train'))


def test_tool_keeps_existing_lists(tmp_path):
    layout = _root(tmp_path)
    tool = [sys.executable, osp.join(REPO, 'tools', 'data',
                                     'va_to_quadrant_list.py'),
            str(tmp_path), '--splits', 'train']
    first = subprocess.run(tool, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    out = layout.split('quadrant_train')
    assert 'per quadrant [1, 1, 1, 1]' in first.stdout
    with open(out, 'w') as f:
        f.write('hand-edited.mp4 2\n')
    again = subprocess.run(tool, capture_output=True, text=True)
    assert again.returncode == 2 and 'quadrant_train.txt' in again.stderr
    assert open(out).read() == 'hand-edited.mp4 2\n'
    forced = subprocess.run(tool + ['--overwrite'], capture_output=True,
                            text=True)
    assert forced.returncode == 0 and 'hi_pos.mp4 0' in open(out).read()
