"""Benchmark tools keep a result file they did not write."""
import json
import os.path as osp
import subprocess
import sys

import pytest

from mmaction_vaerr.benchmark import e2e_profile, face_preprocessing
from mmaction_vaerr.io import write_json_atomic
from mmaction_vaerr.tools import REPO


@pytest.mark.parametrize('tool', [e2e_profile, face_preprocessing])
def test_module_tools_refuse_a_foreign_out(tmp_path, capsys, tool):
    video = osp.join(str(tmp_path), 'v.mp4')
    foreign = tmp_path / 'mine.json'
    foreign.write_text('{"keep": true}')
    with pytest.raises(SystemExit) as e:
        tool.parse_args([video, '--out', str(foreign)])
    assert e.value.code == 2 and 'mine.json' in capsys.readouterr().err
    assert json.loads(foreign.read_text()) == {'keep': True}
    tool.parse_args([video, '--out', str(foreign), '--overwrite'])
    own = str(tmp_path / 'own.json')
    write_json_atomic(own, {}, tool=tool.TOOL)
    assert tool.parse_args([video, '--out', own]).out == own


def test_benchmark_refuses_a_foreign_out_before_measuring(tmp_path):
    foreign = tmp_path / 'results.json'
    foreign.write_text('{"hand-edited": 1}')
    res = subprocess.run(
        [sys.executable, osp.join(REPO, 'tools', 'benchmark', 'benchmark.py'),
         '--quick', '--out', str(foreign)],
        capture_output=True, text=True, timeout=300)
    assert res.returncode == 2, res.stderr[-2000:]
    assert 'results.json' in res.stderr and '--overwrite' in res.stderr
    assert foreign.read_text() == '{"hand-edited": 1}'
