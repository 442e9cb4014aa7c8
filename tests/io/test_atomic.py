import json
import os

import pytest

from mmaction_vaerr.io import atomic_write, temp_name, write_json_atomic


def test_temp_names():
    pid = os.getpid()
    assert temp_name('a/b.csv') == f'a/b.csv.tmp{pid}'
    assert temp_name('a/b.mp4', keep_ext=True) == f'a/b.tmp{pid}.mp4'
    one, two = temp_name('a/b', unique=True), temp_name('a/b', unique=True)
    assert one != two and one.startswith(f'a/b.tmp{pid}-')


def test_success_moves_the_file_into_place(tmp_path):
    path = tmp_path / 'deep' / 'out.txt'        # parents are created
    with atomic_write(str(path)) as tmp:
        assert not path.exists()
        with open(tmp, 'w') as f:
            f.write('new')
    assert path.read_text() == 'new'
    assert os.listdir(path.parent) == ['out.txt']


def test_failure_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    path = tmp_path / 'out.txt'
    path.write_text('old')
    with pytest.raises(RuntimeError, match='boom'):
        with atomic_write(str(path)) as tmp:
            with open(tmp, 'w') as f:
                f.write('half')
            raise RuntimeError('boom')
    assert path.read_text() == 'old'
    assert os.listdir(tmp_path) == ['out.txt']


def test_write_json_atomic(tmp_path):
    path = str(tmp_path / 'meta.json')
    write_json_atomic(path, dict(a=[1, 2]))
    with open(path) as f:
        assert json.load(f) == dict(a=[1, 2])
    with pytest.raises(TypeError):
        write_json_atomic(path, dict(a=object()))   # not JSON: old file kept
    with open(path) as f:
        assert json.load(f) == dict(a=[1, 2])
    assert os.listdir(tmp_path) == ['meta.json']
