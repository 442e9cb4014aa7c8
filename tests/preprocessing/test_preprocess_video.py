import os

import numpy as np
import pytest

from mmaction_vaerr.preprocessing.alignment import (STABLE_POINTS,
                                                    reference_landmarks)
from mmaction_vaerr.io import (DatasetLayout, iter_frames, probe_video,
                               read_face_mask)
from mmaction_vaerr.preprocessing.pipeline import (output_paths,
                                                   preprocess_video)

SINGLE_FACE = ['pyfeat_single_face.mp4', 'pyfeat_WolfgangLanger_Pexels.mp4',
               'liveportrait_d3.mp4', 'liveportrait_d6.mp4',
               'liveportrait_d11.mp4', 'liveportrait_d19.mp4']


def _jitter(lms, mask):
    """Median |second difference| of the stable points (crop pixels)."""
    d2 = np.linalg.norm(np.diff(lms[:, STABLE_POINTS], 2, axis=0), axis=-1)
    ok = mask[2:] & mask[1:-1] & mask[:-2]
    return float(np.median(d2[ok]))


@pytest.fixture(scope='module')
def single_face(tmp_path_factory, dlib_backend, clip):
    root = str(tmp_path_factory.mktemp('faces'))
    rec = preprocess_video(clip('pyfeat_single_face.mp4'), root,
                           'subj/single', backend=dlib_backend)
    return root, rec


def test_outputs_in_the_canonical_layout(single_face, clip):
    root, rec = single_face
    assert rec['status'] == 'ok' and rec['backend'] == 'dlib'
    assert rec['frames'] == 72 and rec['face_ratio'] >= 0.95
    paths = output_paths(root, 'subj/single')
    assert rec['outputs'] == paths
    assert paths['video'] == os.path.join(root, 'videos', 'subj',
                                          'single.mp4')
    info = probe_video(paths['video'])
    src = probe_video(clip('pyfeat_single_face.mp4'))
    assert (info.width, info.height, info.fps) == (96, 96, src.fps)
    crops = list(iter_frames(paths['video']))
    assert len(crops) == 72
    lms = np.load(paths['landmarks'])
    mask = read_face_mask(DatasetLayout(root).face_mask('subj/single'))
    assert lms.shape == (72, 68, 2) and lms.dtype == np.float32
    assert mask.shape == (72,) and mask.dtype == bool
    # aligned: the stable points sit on the reference face
    ref = reference_landmarks(96)
    err = np.abs(lms[:, STABLE_POINTS] - ref[STABLE_POINTS]).mean()
    assert err < 2.0
    # no temporary files left
    for sub in ('videos', 'landmarks', 'face_masks'):
        for _, _, files in os.walk(os.path.join(root, sub)):
            assert all('.tmp' not in f for f in files)


def test_crops_are_aligned_faces(single_face, dlib_backend):
    """Landmarks found afresh on the crops match the saved ones."""
    root, _ = single_face
    paths = output_paths(root, 'subj/single')
    saved = np.load(paths['landmarks'])
    for t, crop in enumerate(iter_frames(paths['video'], max_frames=40)):
        if t % 8:
            continue
        boxes, _ = dlib_backend.detect(crop)
        assert len(boxes) == 1, f'frame {t}: {len(boxes)} faces in the crop'
        found, _ = dlib_backend.landmarks(crop, boxes[0])
        err = np.linalg.norm(found - saved[t], axis=-1)[STABLE_POINTS]
        assert err.mean() < 2.5, f'frame {t}: {err.mean():.2f} px'


def test_smoothing_bounds_landmark_jitter(single_face, dlib_backend, clip,
                                          tmp_path):
    root, _ = single_face
    lms = np.load(output_paths(root, 'subj/single')['landmarks'])
    mask = read_face_mask(DatasetLayout(root).face_mask('subj/single'))
    smooth = _jitter(lms, mask)
    rec = preprocess_video(clip('pyfeat_single_face.mp4'), str(tmp_path),
                           backend=dlib_backend, smooth=False)
    raw = _jitter(np.load(rec['outputs']['landmarks']),
                  np.load(rec['outputs']['face_mask']))
    assert smooth < 0.15  # pixels at 96x96
    assert smooth < raw / 3


@pytest.mark.parametrize('name', SINGLE_FACE)
def test_single_face_clips_have_a_face_almost_always(name, dlib_backend,
                                                     clip, tmp_path):
    rec = preprocess_video(clip(name), str(tmp_path), backend=dlib_backend,
                           max_frames=40, size=64)
    assert rec['frames'] == 40
    assert rec['face_ratio'] >= 0.95, rec
    crop = next(iter_frames(rec['outputs']['video']))
    assert crop.shape == (64, 64)


def test_face_then_no_face(dlib_backend, clip, tmp_path):
    rec = preprocess_video(clip('pyfeat_face_noface.mov'), str(tmp_path),
                           backend=dlib_backend, max_frames=100)
    mask = np.load(rec['outputs']['face_mask'])
    assert rec['status'] == 'ok' and len(mask) == 100
    assert mask[:60].all() and not mask[80:].any()
    assert np.count_nonzero(np.diff(mask.astype(int))) == 1  # one switch
    # masked frames are still cut (from the last face position)
    lms = np.load(rec['outputs']['landmarks'])
    np.testing.assert_allclose(lms[95], lms[np.flatnonzero(mask)[-1]])
    assert len(list(iter_frames(rec['outputs']['video']))) == 100


def test_video_without_a_face_writes_nothing(dlib_backend, clip, tmp_path):
    root = str(tmp_path)
    stale = output_paths(root, 'noface')['video']
    os.makedirs(os.path.dirname(stale))
    open(stale, 'wb').close()  # from an earlier, different run
    # the stale file is not this tool's for this source: only removed
    # with overwrite (without it, see test_output_safety.py)
    rec = preprocess_video(clip('pyfeat_no_face.mp4'), root, 'noface',
                           backend=dlib_backend, max_frames=40,
                           overwrite=True)
    assert rec['status'] == 'no_face' and rec['face_frames'] == 0
    assert rec['outputs'] == {}
    assert not os.path.exists(stale)


def test_odd_crop_size_is_refused(clip, tmp_path):
    with pytest.raises(ValueError, match='size must be even'):
        preprocess_video(clip('pyfeat_single_face.mp4'), str(tmp_path),
                         backend='dlib', size=95)


def test_kept_frames_give_the_same_outputs_as_a_second_decode(
        tmp_path, monkeypatch, dlib_backend, clip):
    """The cropping pass reuses the tracking pass's frames (one decode);
    with ``frame_memory_mb=0`` (or a too-long video) it decodes again, and
    both give identical crops (before H.264, whose multi-threaded encoding
    is not bit-reproducible from run to run) and landmarks."""
    import mmaction_vaerr.preprocessing.crops as passes
    warp, crops = passes.warp_face, []
    monkeypatch.setattr(passes, 'warp_face',
                        lambda *a: crops.append(warp(*a)) or crops[-1])
    src = clip('liveportrait_d3.mp4')
    out = {}
    for mb in (0, 512, 0.1):  # 0.1 MiB: the budget runs out after 1 frame
        crops.clear()
        rec = preprocess_video(src, str(tmp_path / str(mb)), 'v',
                               backend=dlib_backend, max_frames=24,
                               audio=False, frame_memory_mb=mb)
        out[mb] = (rec['decode_passes'],
                   np.load(rec['outputs']['landmarks']), np.stack(crops))
    assert [out[mb][0] for mb in (0, 512, 0.1)] == [2, 1, 2]
    assert out[0][2].shape == (24, 96, 96)
    for mb in (512, 0.1):
        np.testing.assert_array_equal(out[mb][1], out[0][1])
        np.testing.assert_array_equal(out[mb][2], out[0][2])
