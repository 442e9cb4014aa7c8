import sys
import urllib.error

import numpy as np
import pytest

from mmaction_vaerr.preprocessing.alignment import shape_residual
from mmaction_vaerr.preprocessing.backends import (BackendUnavailable,
                                                   available_backends,
                                                   build_backend)
from mmaction_vaerr.preprocessing.backends import face_alignment_backend as fab
from mmaction_vaerr.preprocessing.tracking import box_iou
from mmaction_vaerr.io import iter_frames


def _no_network(*args, **kwargs):
    raise urllib.error.URLError('[Errno -2] Name or service not known')


@pytest.fixture
def offline_fan(monkeypatch):
    """face-alignment as on a fresh offline machine: weights can't load."""
    fa = pytest.importorskip('face_alignment')
    monkeypatch.setattr(fa, 'FaceAlignment', _no_network)


def test_dlib_finds_the_face_and_68_landmarks(dlib_backend, clip):
    img = next(iter_frames(clip('pyfeat_single_face.mp4'), 'gray'))
    boxes, scores = dlib_backend.detect(img)
    assert boxes.shape == (1, 4) and scores[0] > 0.5
    x1, y1, x2, y2 = boxes[0]
    assert 150 < x2 - x1 < 260  # a ~180 px face
    pts, conf = dlib_backend.landmarks(img, boxes[0])
    assert pts.shape == (68, 2) and pts.dtype == np.float32
    assert np.isnan(conf)
    assert shape_residual(pts)[0] < 0.1
    assert (pts[:, 0] > x1 - 20).all() and (pts[:, 0] < x2 + 20).all()
    near, _ = dlib_backend.detect_near(img, boxes[0])
    assert len(near) == 1 and box_iou(boxes[0], near)[0] > 0.6
    # nothing in an empty picture
    assert len(dlib_backend.detect(np.full_like(img, 90))[0]) == 0


def test_auto_falls_back_to_dlib_offline(offline_fan, dlib_backend):
    backend, note = build_backend('auto')
    assert backend.name == 'dlib'
    assert note.startswith('face backend (auto): dlib')
    assert 'skipped: face_alignment backend' in note
    assert "run once online or use backend='dlib'" in note
    with pytest.raises(BackendUnavailable, match='could not be fetched') as e:
        build_backend('face_alignment')
    assert fab.checkpoint_dir() in str(e.value)
    status = available_backends()
    assert status['dlib'] == 'ok' and 'URLError' in status['face_alignment']


def test_no_download_fails_fast_naming_the_files(monkeypatch):
    pytest.importorskip('face_alignment')
    monkeypatch.setattr(fab, 'missing_weights', lambda d: ['s3fd-x.pth'])
    with pytest.raises(BackendUnavailable, match=r"\['s3fd-x.pth'\] not "
                                                 'present'):
        build_backend('face_alignment', download=False)


def test_required_weights_are_named_from_face_alignment():
    pytest.importorskip('face_alignment')
    assert any(f.startswith('2DFAN4') for f in fab.required_weights('sfd'))
    assert 'anchors.npy' in fab.required_weights('blazeface')
    with pytest.raises(ValueError, match='detector must be'):
        fab.required_weights('retinaface')


@pytest.mark.parametrize('module,name', [('face_alignment', 'face_alignment'),
                                         ('dlib', 'dlib')])
def test_missing_package_says_which_extra(monkeypatch, module, name):
    monkeypatch.setitem(sys.modules, module, None)  # import fails
    with pytest.raises(BackendUnavailable, match=r'pip install -e \.\[face\]'):
        build_backend(name)


def test_unknown_backend_name():
    with pytest.raises(ValueError, match="unknown face backend 'mtcnn'"):
        build_backend('mtcnn')


def test_fan_landmarks_when_weights_exist(clip):
    """Runs only where face-alignment's weights are in the torch hub."""
    pytest.importorskip('face_alignment')
    if fab.missing_weights('sfd'):
        pytest.skip(f'face-alignment weights not in {fab.checkpoint_dir()}')
    backend, _ = build_backend('face_alignment', download=False)
    img = next(iter_frames(clip('pyfeat_single_face.mp4'), 'rgb24'))
    boxes, scores = backend.detect(img)
    assert len(boxes) == 1 and scores[0] > 0.5
    pts, conf = backend.landmarks(img, boxes[0])
    assert pts.shape == (68, 2) and 0 < conf <= 1.5
    assert shape_residual(pts)[0] < 0.1


def test_shared_backend_is_built_once(dlib_backend):
    from mmaction_vaerr.preprocessing.backends import builder
    builder._SHARED.pop('dlib', None)
    first, note = builder.shared_backend('dlib')
    again, note2 = builder.shared_backend('dlib')
    assert again is first and note2 == note and first.name == 'dlib'
    with pytest.raises(ValueError, match='unknown face backend'):
        builder.shared_backend('mtcnn')
    assert 'mtcnn' not in builder._SHARED  # a failure is not remembered
