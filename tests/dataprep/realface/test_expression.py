"""Landmarks move as the labels say, measured on rendered frames.

Frames of three real people are rendered at fixed states (no nuisances)
and the dlib backend of the project's preprocessing re-detects their 68
landmarks. Each cue must move in the labelled direction by roughly the
documented amount (``expression.py``), in outer-eye-distance units ``d``.
"""
import cv2
import numpy as np
import pytest

from mmaction_vaerr.dataprep.realface import plan_dataset, render_state
from mmaction_vaerr.dataprep.realface.clip import animate
from mmaction_vaerr.dataprep.realface.subjects import subject_texture
from mmaction_vaerr.dataprep.realface.texture import Canvas
from mmaction_vaerr.preprocessing.backends import DlibBackend


def cues(lm):
    """Smile, mouth width/opening, eye opening, brow height, in d units."""
    d = np.linalg.norm(lm[45] - lm[36])
    mid = 0.5 * (lm[51, 1] + lm[57, 1])
    return dict(
        smile=(mid - 0.5 * (lm[48, 1] + lm[54, 1])) / d,
        width=(lm[54, 0] - lm[48, 0]) / d,
        mouth=np.mean(lm[[67, 66, 65], 1] - lm[[61, 62, 63], 1]) / d,
        eyes=np.mean(lm[[41, 40, 47, 46], 1] - lm[[37, 38, 43, 44], 1]) / d,
        brows=np.mean(lm[36:48, 1]) / d - np.mean(lm[17:27, 1]) / d,
        inner_brows=np.mean(lm[36:48, 1]) / d - np.mean(lm[[21, 22], 1]) / d)


# (cue, state low, state high, documented change between them)
EXPECTED = [
    ('smile', (0, -1), (0, 1), 0.215),      # corners +-0.10 d, chin raiser
    ('width', (0, -1), (0, 1), 0.16),       # out 0.06 d, in 0.02 d a side
    ('mouth', (-1, 0), (1, 0), 0.126),      # jaw drop 0.12 d
    ('eyes', (-1, 0), (1, 0), 0.095),       # lids 0.045 + 0.02 + 0.03
    ('brows', (-1, 0), (1, 0), 0.108),       # brow raise +-0.06 d, lids
    ('inner_brows', (0, -1), (0, 0), 0.06),  # frown: inner brows down
]


@pytest.fixture(scope='module')
def specs(realface_photos, realface_cache):
    return plan_dataset(3, seed=0, splits=dict(train=3),
                        photo_dir=realface_photos, clip_dir='',
                        cache_dir=realface_cache)


def _detect(gray, backend):
    big = cv2.resize(gray, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    boxes, scores = backend.detect(big)
    assert len(boxes), 'no face re-detected on a rendered frame'
    box = boxes[int(np.argmax(scores))]
    return backend.landmarks(big, box)[0].astype(np.float64)


def test_target_points_follow_the_mapping(specs):
    """The warp's target points move by exactly the documented amounts."""
    canvas = Canvas()
    tex = subject_texture(specs[0], 0, canvas)
    zero = np.zeros(1, np.float32)
    for cue, lo, hi, size in EXPECTED:
        got = []
        for a, v in (lo, hi):
            lms, _ = animate(tex, np.array([[a, v]], np.float32), zero,
                             zero, None, 25.0, canvas, pose=False)
            got.append(cues(lms[0])[cue])
        # the neutral face's own geometry bends the numbers a little
        assert got[1] - got[0] == pytest.approx(size, rel=0.15), cue


@pytest.mark.parametrize('warp', ['affine', 'tps'])
def test_rendered_frames_show_each_cue(specs, warp):
    """Both animation methods show every cue to the re-detected points."""
    backend = DlibBackend(detect_max_side=192)
    changes = {c: [] for c, *_ in EXPECTED}
    for spec in specs:
        lm = {}
        for state in {s for _, lo, hi, _ in EXPECTED for s in (lo, hi)}:
            lm[state] = cues(_detect(render_state(spec, *state, warp=warp),
                                     backend))
        for cue, lo, hi, _ in EXPECTED:
            changes[cue].append(lm[hi][cue] - lm[lo][cue])
    for cue, _, _, size in EXPECTED:
        c = np.array(changes[cue])
        # every face moves the right way; on average by about the
        # documented amount (the detector sees part of each motion)
        assert (c > 0.2 * size).all(), (cue, c)
        assert 0.4 * size < c.mean() < 1.6 * size, (cue, c, size)
