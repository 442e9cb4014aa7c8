"""Write a video in Aff-Wild2's released layout (ABAW VA track).

Kollias & Zafeiriou, "Expression, Affect, Action Unit Recognition:
Aff-Wild2, Multi-Task Learning and ArcFace", BMVC 2019
(https://arxiv.org/abs/1910.04855)::

    <root>/cropped_aligned/<video>/00001.jpg     112x112 RGB face, frame 0
    <root>/VA_Estimation_Challenge/Train_Set/<video>.txt
                                                 valence,arousal (header)
                                                 one row per frame

As in the release, some frames are invalid: a frame whose face "was not
found" has no jpg, and a frame without a label has ``-5,-5``. The row of
such a frame is still written, so row ``k`` is always frame ``k``. Both the
missing images and the ``-5`` rows come in short runs (0.1-0.5 s) and cover
about ``invalid`` of the frames together.
"""
from __future__ import annotations

import os
import os.path as osp

import cv2
import numpy as np

from ...io.atomic import atomic_write

AFFWILD2_SETS = dict(train='Train_Set', val='Validation_Set',
                     test='Test_Set')
ANNOTATION_DIR = 'VA_Estimation_Challenge'
FRAMES_DIR = 'cropped_aligned'


def invalid_runs(rng: np.random.Generator, num_frames: int,
                 fraction: float, fps: float = 25.0) -> np.ndarray:
    """(T,) bool, True in runs covering about ``fraction`` of the frames."""
    bad = np.zeros(num_frames, bool)
    target = int(round(fraction * num_frames))
    while bad.sum() < target:
        n = int(rng.integers(max(1, int(0.1 * fps)), int(0.5 * fps) + 1))
        s = int(rng.integers(0, max(1, num_frames - n)))
        bad[s:s + n] = True
    return bad


def write_affwild2_video(root: str, set_name: str, video: str,
                         frames: np.ndarray, va: np.ndarray,
                         rng: np.random.Generator,
                         invalid: float = 0.02, quality: int = 95) -> dict:
    """Write one video's jpgs and label file.

    Args:
        root: the dataset root.
        set_name: ``Train_Set``, ``Validation_Set`` (or ``Test_Set``).
        video: video name (a folder name: no ``/``).
        frames: (T, S, S, 3) uint8 RGB crops.
        va: (T, 2) (arousal, valence) labels.
        rng: draws the invalid frames.
        invalid: fraction of invalid frames (half no face, half ``-5``).
        quality: JPEG quality.

    Returns:
        ``dict(set=..., no_face=n, unlabelled=n)``.
    """
    if '/' in video or not video:
        raise ValueError(f'bad Aff-Wild2 video name {video!r}')
    t = len(frames)
    no_face = invalid_runs(rng, t, invalid / 2)
    unlabelled = invalid_runs(rng, t, invalid / 2) & ~no_face
    fdir = osp.join(root, FRAMES_DIR, video)
    os.makedirs(fdir, exist_ok=True)
    for k in range(t):
        if no_face[k]:
            continue
        path = osp.join(fdir, f'{k + 1:05d}.jpg')
        if not cv2.imwrite(path, cv2.cvtColor(frames[k], cv2.COLOR_RGB2BGR),
                           [cv2.IMWRITE_JPEG_QUALITY, quality]):
            raise OSError(f'cannot write {path}')
    adir = osp.join(root, ANNOTATION_DIR, set_name)
    os.makedirs(adir, exist_ok=True)
    path = osp.join(adir, video + '.txt')
    with atomic_write(path) as tmp, open(tmp, 'w') as f:
        f.write('valence,arousal\n')
        for k in range(t):
            if unlabelled[k]:
                f.write('-5,-5\n')
            else:
                f.write(f'{va[k, 1]:.6f},{va[k, 0]:.6f}\n')
    return {'set': set_name, 'no_face': int(no_face.sum()),
            'unlabelled': int(unlabelled.sum())}
