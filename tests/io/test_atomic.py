import json
import os

import pytest

from mmaction_vaerr.io import (atomic_write, check_replace, commit_group,
                               discard_group, temp_name, write_json_atomic)
from mmaction_vaerr.io.atomic import written_by


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


def test_commit_group_in_order_and_optional_members(tmp_path):
    paths = {k: str(tmp_path / f'{k}.txt') for k in ('video', 'meta', 'png')}
    tmps = {k: temp_name(p) for k, p in paths.items()}
    for k in ('video', 'meta'):                 # no snapshot was written
        with open(tmps[k], 'w') as f:
            f.write(k)
    with pytest.raises(FileNotFoundError):      # a required member missing
        commit_group(tmps, paths, order=['png', 'video'])
    assert not os.path.exists(paths['video'])   # nothing half-committed
    commit_group(tmps, paths, order=['meta', 'video', 'png'],
                 missing_ok=True)
    assert sorted(os.listdir(tmp_path)) == ['meta.txt', 'video.txt']


def test_discard_group_removes_only_the_temporaries(tmp_path):
    keep = tmp_path / 'out.txt'
    keep.write_text('old')
    tmps = dict(a=temp_name(str(keep)), b=str(tmp_path / 'never'), c=None)
    with open(tmps['a'], 'w') as f:
        f.write('half')
    discard_group(tmps)
    assert os.listdir(tmp_path) == ['out.txt'] and keep.read_text() == 'old'


def test_written_by_stamp(tmp_path):
    path = str(tmp_path / 'r.json')
    write_json_atomic(path, dict(a=1, written_by='old'), tool='tools/x.py')
    with open(path) as f:
        assert list(json.load(f).items()) == [('written_by', 'tools/x.py'),
                                              ('a', 1)]
    assert written_by(path) == 'tools/x.py'
    for text in ('[1, 2]', 'not json', '{"written_by": 3}'):
        (tmp_path / 'o.json').write_text(text)
        assert written_by(str(tmp_path / 'o.json')) is None
    assert written_by(str(tmp_path / 'missing.json')) is None


def test_check_replace(tmp_path):
    own, other = str(tmp_path / 'own.json'), str(tmp_path / 'other.json')
    write_json_atomic(own, dict(a=1), tool='tools/x.py')
    write_json_atomic(other, dict(a=1), tool='tools/y.py')
    check_replace(None)                              # nothing is written
    check_replace(str(tmp_path / 'new.json'))        # absent
    check_replace(own, tool='tools/x.py')            # a rerun's own file
    check_replace(other, overwrite=True, tool='tools/x.py')
    for path, tool in ((other, 'tools/x.py'), (own, None)):
        with pytest.raises(FileExistsError, match='--overwrite') as e:
            check_replace(path, tool=tool)
        assert path in str(e.value)
    link = tmp_path / 'dangling.json'                # exists as a link only
    link.symlink_to(tmp_path / 'nowhere')
    with pytest.raises(FileExistsError):
        check_replace(str(link), tool='tools/x.py')
