import json
import os
import os.path as osp
import shutil

import numpy as np
import pytest

from mmaction_vaerr.preprocessing.batch import (SUMMARY_FILE, exit_code,
                                                find_videos, format_summary,
                                                process_directory,
                                                status_path)
from mmaction_vaerr.preprocessing.pipeline import output_paths
from mmaction_vaerr.tools.data import preprocess_faces


@pytest.fixture
def raw_dir(tmp_path, clip):
    """A folder of raw videos: good, faceless, truncated, empty, in subdirs."""
    raw = tmp_path / 'raw'
    (raw / 's01').mkdir(parents=True)
    shutil.copy(clip('pyfeat_single_face.mp4'), raw / 's01' / 'good.mp4')
    os.symlink(clip('pyfeat_single_face.mp4'), raw / 's01' / 'good2.mov')
    with open(clip('mmaction2_test.avi'), 'rb') as f:
        data = f.read()
    (raw / 'cut.avi').write_bytes(data[:len(data) // 2])
    (raw / 'empty.mp4').write_bytes(b'')
    (raw / 'notes.txt').write_text('not a video')
    return str(raw)


def test_find_videos_ids(raw_dir):
    ids = ['cut', 'empty', 's01/good', 's01/good2']
    assert [v for _, v in find_videos(raw_dir)] == ids
    # output written inside the input folder is not taken as input
    os.makedirs(osp.join(raw_dir, 'out', 'videos'))
    open(osp.join(raw_dir, 'out', 'videos', 'x.mp4'), 'wb').close()
    found = find_videos(raw_dir, exclude=osp.join(raw_dir, 'out'))
    assert [v for _, v in found] == ids


def test_directory_run_reports_and_resumes(raw_dir, tmp_path, dlib_backend):
    out = str(tmp_path / 'out')
    summary = process_directory(raw_dir, out, backend='dlib', workers=2,
                                progress=False)
    recs = {r['video_id']: r for r in summary['records']}
    assert (summary['videos'], summary['ok'], summary['failed']) == (4, 2, 2)
    assert 'truncated' in recs['cut']['reason']
    assert 'zero-length' in recs['empty']['reason']
    assert recs['s01/good']['face_ratio'] >= 0.95
    for vid in ('s01/good', 's01/good2'):
        assert all(osp.isfile(p) for p in output_paths(out, vid).values())
        assert osp.isfile(status_path(out, vid))
    assert not osp.exists(output_paths(out, 'cut')['video'])
    assert exit_code(summary) == 0
    with open(osp.join(out, SUMMARY_FILE)) as f:
        assert json.load(f)['ok'] == 2
    table = format_summary(summary)
    assert 'cut' in table and 'truncated' in table and 'dlib' in table

    # a killed run: one video's status lost, a temporary file left behind
    os.remove(status_path(out, 's01/good2'))
    tmp_file = output_paths(out, 's01/good2')['video'] + '.tmp999'
    open(tmp_file, 'wb').close()
    mtime = os.path.getmtime(output_paths(out, 's01/good')['video'])
    again = process_directory(raw_dir, out, backend='dlib', progress=False)
    recs = {r['video_id']: r for r in again['records']}
    assert recs['s01/good'].get('resumed') and not recs['s01/good2'].get(
        'resumed')
    assert os.path.getmtime(output_paths(out, 's01/good')['video']) == mtime
    assert again['ok'] == 2 and again['failed'] == 2
    assert not osp.exists(tmp_file)


def test_no_face_video_is_reported_not_written(tmp_path, clip, dlib_backend):
    raw = tmp_path / 'raw'
    raw.mkdir()
    os.symlink(clip('pyfeat_no_face.mp4'), raw / 'sky.mp4')
    out = str(tmp_path / 'out')
    summary = process_directory(str(raw), out, backend='dlib',
                                progress=False, max_frames=30)
    rec = summary['records'][0]
    assert rec['status'] == 'no_face' and 'no face' in rec['reason']
    assert not osp.exists(output_paths(out, 'sky')['video'])
    assert exit_code(summary) == 1  # nothing usable came out
    again = process_directory(str(raw), out, backend='dlib', progress=False,
                              max_frames=30)
    assert again['records'][0].get('resumed')  # finished, not redone


def test_cli_exit_codes(tmp_path, raw_dir, dlib_backend, capsys):
    cli = preprocess_faces
    broken = tmp_path / 'broken'
    broken.mkdir()
    (broken / 'a.mp4').write_bytes(b'')
    (broken / 'b.mov').write_bytes(b'\x00' * 100)
    assert cli.main([str(broken), str(tmp_path / 'o1'), '--backend', 'dlib',
                     '--no-progress']) == 1
    assert 'a' in capsys.readouterr().out
    assert cli.main([str(tmp_path / 'nothing'), str(tmp_path / 'o2')]) == 2
    good = osp.join(raw_dir, 's01', 'good.mp4')
    assert cli.main([good, str(tmp_path / 'o2'), '--size', '95']) == 2
    code = cli.main([good, str(tmp_path / 'o3'), '--backend', 'dlib',
                     '--video-id', 'x/y', '--size', '48', '--max-frames',
                     '10'])
    assert code == 0
    mask = np.load(output_paths(str(tmp_path / 'o3'), 'x/y')['face_mask'])
    assert mask.shape == (10,)
