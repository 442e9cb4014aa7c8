"""Face preprocessing never removes or replaces a file it did not write
(unless overwrite), and a failed write (full disk, read-only folder) leaves
no half-written output and the existing files as they were."""
import errno
import os
import os.path as osp
import re
import shutil

import numpy as np
import pytest

from mmaction_vaerr.preprocessing import pipeline
from mmaction_vaerr.preprocessing.batch import process_directory
from mmaction_vaerr.preprocessing.pipeline import (output_paths,
                                                   preprocess_video)
from mmaction_vaerr.tools.data import preprocess_faces

FRAMES = 8


def _snapshot(root):
    """{relative path: bytes} of every file under ``root``."""
    out = {}
    for base, _, files in os.walk(root):
        for name in files:
            path = osp.join(base, name)
            with open(path, 'rb') as f:
                out[osp.relpath(path, root)] = f.read()
    return out


@pytest.fixture
def user_root(tmp_path, clip):
    """An existing dataset root holding the user's sample s00/v00."""
    root = tmp_path / 'dataset'
    for sub, name, data in (('videos', 'v00.mp4', None),
                            ('landmarks', 'v00.npy', b'user landmarks'),
                            ('face_masks', 'v00.npy', b'user mask')):
        (root / sub / 's00').mkdir(parents=True)
        dst = root / sub / 's00' / name
        if data is None:
            shutil.copy(clip('liveportrait_d3.mp4'), dst)
        else:
            dst.write_bytes(data)
    (root / 'labels').mkdir()
    (root / 'labels' / 'v00.csv').write_text('frame,time,arousal\n')
    return str(root)


@pytest.mark.parametrize('name', ['pyfeat_no_face.mp4',
                                  'pyfeat_single_face.mp4'])
def test_existing_user_files_are_kept(user_root, clip, dlib_backend, name):
    before = _snapshot(user_root)
    with pytest.raises(FileExistsError, match=r'v00\.mp4.*--overwrite'):
        preprocess_video(clip(name), user_root, 's00/v00',
                         backend=dlib_backend, max_frames=FRAMES)
    assert _snapshot(user_root) == before


@pytest.mark.parametrize('name', ['pyfeat_no_face.mp4',
                                  'pyfeat_single_face.mp4'])
def test_cli_single_file_keeps_them(user_root, clip, dlib_backend, capsys,
                                    name):
    before = _snapshot(user_root)
    args = [clip(name), user_root, '--video-id', 's00/v00', '--backend',
            'dlib', '--max-frames', str(FRAMES), '--no-progress']
    assert preprocess_faces.main(args) == 1
    out = capsys.readouterr().out
    assert 'failed' in out and 'v00.mp4' in out and '--overwrite' in out
    assert _snapshot(user_root) == before
    # with --overwrite they are replaced (or, without a face, removed)
    assert preprocess_faces.main(args + ['--overwrite']) == (
        1 if 'no_face' in name else 0)
    video = output_paths(user_root, 's00/v00')['video']
    assert osp.exists(video) == ('no_face' not in name)
    assert _snapshot(user_root)['labels/v00.csv'] == before['labels/v00.csv']


def test_batch_skips_and_reports_the_conflict(user_root, tmp_path, clip,
                                              dlib_backend):
    raw = tmp_path / 'raw'
    (raw / 's00').mkdir(parents=True)
    os.symlink(clip('pyfeat_single_face.mp4'), raw / 's00' / 'v00.mp4')
    os.symlink(clip('pyfeat_single_face.mp4'), raw / 's00' / 'v01.mp4')
    before = _snapshot(user_root)
    summary = process_directory(str(raw), user_root, backend='dlib',
                                progress=False, max_frames=FRAMES)
    recs = {r['video_id']: r for r in summary['records']}
    assert recs['s00/v00']['status'] == 'failed'
    assert re.search(r'videos/s00/v00\.mp4.* already exist',
                     recs['s00/v00']['reason'])
    assert recs['s00/v01']['status'] == 'ok'  # carried on
    after = _snapshot(user_root)
    assert all(after[k] == v for k, v in before.items())
    # a rerun keeps refusing; --overwrite replaces
    again = process_directory(str(raw), user_root, backend='dlib',
                              progress=False, max_frames=FRAMES)
    assert {r['video_id']: r['status'] for r in again['records']} == {
        's00/v00': 'failed', 's00/v01': 'ok'}
    forced = process_directory(str(raw), user_root, backend='dlib',
                               progress=False, max_frames=FRAMES,
                               overwrite=True)
    assert forced['ok'] == 2
    assert np.load(output_paths(user_root, 's00/v00')['face_mask']).shape \
        == (FRAMES,)


def test_own_outputs_are_redone_without_overwrite(tmp_path, clip,
                                                  dlib_backend):
    """A rerun for the same source and id replaces its own earlier outputs
    (what resuming a killed run needs); another source may not."""
    root = str(tmp_path / 'o')
    src = clip('pyfeat_single_face.mp4')
    first = preprocess_video(src, root, 'a', backend=dlib_backend,
                             max_frames=FRAMES)
    again = preprocess_video(src, root, 'a', backend=dlib_backend,
                             max_frames=FRAMES + 2)
    assert again['status'] == 'ok'
    assert np.load(again['outputs']['face_mask']).shape == (FRAMES + 2,)
    with pytest.raises(FileExistsError):
        preprocess_video(clip('pyfeat_WolfgangLanger_Pexels.mp4'), root, 'a',
                         backend=dlib_backend, max_frames=FRAMES)
    assert first['outputs'] == again['outputs']


def _disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), 'landmarks.npy')


def test_disk_full_leaves_nothing_half_written(tmp_path, clip, dlib_backend,
                                               monkeypatch):
    root = str(tmp_path / 'o')
    src = clip('pyfeat_single_face.mp4')
    preprocess_video(src, root, 'a', backend=dlib_backend, max_frames=FRAMES)
    before = _snapshot(root)
    monkeypatch.setattr('mmaction_vaerr.preprocessing.outputs.np.save',
                        _disk_full)
    with pytest.raises(OSError, match='No space left'):
        preprocess_video(src, root, 'a', backend=dlib_backend,
                         max_frames=FRAMES + 4)
    assert _snapshot(root) == before  # old sample intact, no .tmp files
    # batch: reported by name, the run carries on and writes a summary
    raw = tmp_path / 'raw'
    raw.mkdir()
    os.symlink(src, raw / 'b.mp4')
    summary = process_directory(str(raw), root, backend='dlib',
                                progress=False, max_frames=FRAMES)
    rec = summary['records'][0]
    assert rec['status'] == 'failed'
    assert 'No space left on device' in rec['reason']
    assert 'landmarks.npy' in rec['reason']
    assert not osp.exists(output_paths(root, 'b')['video'])
    assert not any('.tmp' in k for k in _snapshot(root))


def test_unwritable_output_folder(tmp_path, clip, dlib_backend, monkeypatch,
                                  capsys):
    """A read-only folder (simulated: the tests run as root, which
    permissions do not stop) gives a named error and leaves nothing."""
    root = str(tmp_path / 'o')
    real = pipeline.GrayVideoWriter

    def read_only(path, *args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES),
                              osp.dirname(path))

    monkeypatch.setattr(pipeline, 'GrayVideoWriter', read_only)
    code = preprocess_faces.main([clip('pyfeat_single_face.mp4'), root, '--backend',
                        'dlib', '--max-frames', str(FRAMES),
                        '--no-progress'])
    assert code == 1
    out = capsys.readouterr().out
    assert 'cannot write' in out and 'Permission denied' in out
    assert osp.join(root, 'videos') in out
    assert not any(f for _, _, f in os.walk(root))
    monkeypatch.setattr(pipeline, 'GrayVideoWriter', real)
