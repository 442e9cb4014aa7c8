"""ReframeFace (Aff-Wild2 112 -> project 96 framing) and MaskedFrameDecode."""
import cv2
import numpy as np
import pytest

from mmaction_vaerr.preprocessing.framing import affwild2_landmarks
from mmaction_vaerr.datasets.transforms import MaskedFrameDecode, ReframeFace
from mmaction_vaerr.preprocessing.alignment import reference_landmarks


def test_reframe_puts_affwild2_landmarks_on_the_project_framing():
    src, dst = affwild2_landmarks(112), reference_landmarks(96)
    for k in (30, 36, 45, 48):          # nose tip, eye corners, mouth
        img = np.zeros((112, 112, 3), np.uint8)
        cv2.circle(img, tuple(int(round(v)) for v in src[k]), 2,
                   (255, 255, 255), -1)
        out = ReframeFace()(dict(imgs=[img]))
        g = out['imgs'][0][..., 0].astype(float)
        assert out['imgs'][0].shape == (96, 96, 3)
        ys, xs = np.nonzero(g > 40)
        centre = np.array([np.average(xs, weights=g[ys, xs]),
                           np.average(ys, weights=g[ys, xs])])
        assert np.abs(centre - dst[k]).max() < 1.0, k
    with pytest.raises(ValueError, match='square'):
        ReframeFace()(dict(imgs=[np.zeros((112, 100, 3), np.uint8)]))


def test_masked_decode_fills_invalid_and_names_missing_valid(tmp_path):
    img = np.full((8, 8, 3), 200, np.uint8)
    cv2.imwrite(str(tmp_path / '00001.jpg'), img)
    res = dict(frame_dir=str(tmp_path), filename_tmpl='{:05d}.jpg',
               frame_inds=np.array([1, 2]), frame_mask=np.array([1, 0],
                                                                bool))
    out = MaskedFrameDecode()(dict(res))
    assert out['imgs'][0].mean() > 150 and out['imgs'][1].max() == 0
    res['frame_mask'] = np.array([1, 1], bool)
    with pytest.raises(FileNotFoundError, match='00002.jpg'):
        MaskedFrameDecode()(dict(res))


def test_masked_decode_of_a_segment_with_no_image(tmp_path):
    """A training segment wholly inside a run of faceless (missing, masked)
    frames decodes to black frames of the folder's image size instead of
    stopping training; a folder without any image is an error naming it."""
    cv2.imwrite(str(tmp_path / '00001.jpg'), np.full((8, 6, 3), 90,
                                                       np.uint8))
    res = dict(frame_dir=str(tmp_path), filename_tmpl='{:05d}.jpg',
               frame_inds=np.array([5, 6, 7]),
               frame_mask=np.zeros(3, bool))
    out = MaskedFrameDecode()(dict(res))
    assert [i.shape for i in out['imgs']] == [(8, 6, 3)] * 3
    assert max(i.max() for i in out['imgs']) == 0
    assert out['img_shape'] == (8, 6)
    empty = tmp_path / 'empty'
    empty.mkdir()
    with pytest.raises(ValueError, match='empty: no readable image'):
        MaskedFrameDecode()(dict(res, frame_dir=str(empty)))
