"""The three grayscale conversions of the project give the same grey.

``ToGray`` (exact BT.601 integer sum, training pipelines),
``dataprep.stats._to_gray`` (OpenCV, dataset mean/std) and PyAV's ``'gray'``
pixel format (inference, ``mmaction_vaerr.io.iter_frames``) are three code
paths; this pins how far apart they may be.
"""
import cv2
import numpy as np

from mmaction_vaerr.dataprep.stats import _to_gray
from mmaction_vaerr.datasets.transforms.to_gray import ToGray
from mmaction_vaerr.io import ColorVideoWriter, GrayVideoWriter, iter_frames


def _ramps(t):
    yy, xx = np.mgrid[0:64, 0:64]
    return np.stack([(xx * 4 + t * 10) % 256, (yy * 4) % 256,
                     ((xx + yy) * 2) % 256], -1).astype(np.uint8)


def _three(path):
    rgb = np.stack(list(iter_frames(path, 'rgb24')))
    to_gray = np.stack([ToGray()._gray(f)[..., 0] for f in rgb]).astype(int)
    opencv = np.stack([_to_gray(f) for f in rgb]).astype(int)
    pyav = np.stack(list(iter_frames(path, 'gray'))).astype(int)
    return to_gray, opencv, pyav


def test_togray_and_opencv_agree_on_any_rgb():
    rgb = np.random.default_rng(0).integers(0, 256, (4096, 1, 3), np.uint8)
    ours = ToGray()._gray(rgb)[..., 0].astype(int)
    assert np.abs(ours - cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)).max() <= 1


def test_all_three_agree_on_gray_videos(tmp_path):
    # every face crop of the project is written gray (neutral chroma)
    path = str(tmp_path / 'gray.mp4')
    with GrayVideoWriter(path, 25, crf=0) as w:
        for t in range(3):
            w.write(_ramps(t)[..., 0])
    to_gray, opencv, pyav = _three(path)
    assert np.abs(to_gray - opencv).max() <= 1
    assert np.abs(to_gray - pyav).max() <= 1


def test_pyav_luma_differs_from_rgb_only_by_chroma_subsampling(tmp_path):
    path = str(tmp_path / 'colour.mp4')
    with ColorVideoWriter(path, 25, crf=0) as w:
        for t in range(3):
            w.write(_ramps(t)[..., ::-1])       # BGR in
    to_gray, opencv, pyav = _three(path)
    assert np.abs(to_gray - opencv).max() <= 1
    # 'gray' is the luma plane; RGB went through 4:2:0 chroma first, which
    # blurs colour edges (the ramps wrap around: sharp edges) only
    diff = np.abs(to_gray - pyav)
    assert diff.mean() < 2.0 and np.percentile(diff, 95) <= 4
