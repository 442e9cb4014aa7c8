"""The synthetic generator's expression / AU labels: true to the drawn face,
deterministic, in the Aff-Wild2 layout, and added to older roots."""
import os
import os.path as osp
import shutil

import numpy as np
import pytest

from mmaction_vaerr.datasets.annotations import (read_affwild2_au_txt,
                                                 read_affwild2_expr_txt)
from mmaction_vaerr.dataprep.synthetic import (generate_synthetic_dataset,
                                               render_face, subject_identity)
from mmaction_vaerr.dataprep.synthetic.facs import face_labels
from mmaction_vaerr.labels import ABAW_AUS, EXPR_CLASSES

KW = dict(num_subjects=2, videos_per_subject=1, num_frames=30,
          with_audio=False, splits=dict(train=1, test=1), seed=5)


def labels_of(idt, arousal, valence, talk=0.0):
    au, expr = face_labels(idt, np.array([arousal]), np.array([valence]),
                           np.array([talk]))
    return dict(zip(ABAW_AUS, au[0])), EXPR_CLASSES[expr[0]]


def lip_rows(img, idt, size=96):
    """Row of the darkest lip pixel at the mouth centre and near a corner."""
    k = size / 96
    sx = idt.half_width * idt.scale * k
    sy = idt.half_height * idt.scale * k
    cx = size / 2 + idt.center_x * k
    cy = size / 2 + idt.center_y * k
    y0, y1 = int(cy + (idt.mouth_v - 0.2) * sy), int(cy + (idt.mouth_v +
                                                          0.2) * sy)
    rows = []
    for u in (0.0, 0.8 * idt.mouth_width_u):
        col = img[y0:y1, int(round(cx + u * sx))].astype(float)
        rows.append(y0 + float(np.argmin(col)))
    return rows


def mouth_box(idt, size=96):
    k = size / 96
    sx = idt.half_width * idt.scale * k
    sy = idt.half_height * idt.scale * k
    cx = size / 2 + idt.center_x * k
    cy = size / 2 + idt.center_y * k
    w = idt.mouth_width_u * sx * 0.6
    return (slice(int(cy + (idt.mouth_v - 0.05) * sy),
                  int(cy + (idt.mouth_v + 0.15) * sy)),
            slice(int(cx - w), int(cx + w)))


@pytest.mark.parametrize('subject', [0, 1, 2, 3])
def test_mouth_corner_aus_match_the_pixels(subject):
    idt = subject_identity(11, subject)
    smile, frown = 0.9, -0.9
    au_s, ex_s = labels_of(idt, -0.6, smile)
    au_f, _ = labels_of(idt, -0.6, frown)
    assert (au_s['AU12'], au_s['AU15']) == (1, 0)
    assert (au_f['AU12'], au_f['AU15']) == (0, 1)
    assert ex_s == 'happiness'
    centre_s, corner_s = lip_rows(render_face(idt, -0.6, smile), idt)
    centre_f, corner_f = lip_rows(render_face(idt, -0.6, frown), idt)
    assert corner_s < centre_s        # corners up: AU12
    assert corner_f > centre_f        # corners down: AU15


def test_jaw_drop_and_brows_follow_the_drawing():
    idt = subject_identity(11, 0)
    au, _ = labels_of(idt, 0.0, 0.0, talk=1.0)
    assert au['AU25'] == 1 and au['AU26'] == 1
    au, _ = labels_of(idt, -1.0, 0.0, talk=0.0)
    assert au['AU25'] == 0 and au['AU26'] == 0
    open_mouth = render_face(idt, 0.0, 0.0, talk=1.0)
    closed = render_face(idt, -1.0, 0.0, talk=0.0)
    box = mouth_box(idt)
    assert open_mouth[box].mean() < closed[box].mean() - 10   # dark gap
    au, _ = labels_of(idt, 0.0, -1.0)
    assert au['AU4'] == 1 and au['AU1'] == 0
    au, ex = labels_of(idt, 0.0, 0.05)
    assert ex == 'neutral' and au['AU4'] == au['AU12'] == 0
    for never in ('AU6', 'AU7', 'AU10', 'AU23', 'AU24'):
        assert au[never] == -1        # not drawable: unlabelled


def test_generated_labels_layout_and_determinism(tmp_path):
    a, b = str(tmp_path / 'a'), str(tmp_path / 'b')
    generate_synthetic_dataset(a, **KW)
    generate_synthetic_dataset(b, **KW)
    for d in ('EXPR_Recognition_Challenge', 'AU_Detection_Challenge'):
        pa = osp.join(a, d, 's01', 'v00.txt')
        with open(pa) as fa, open(osp.join(b, d, 's01', 'v00.txt')) as fb:
            assert fa.read() == fb.read()
    expr = read_affwild2_expr_txt(
        osp.join(a, 'EXPR_Recognition_Challenge', 's00', 'v00.txt'))
    au = read_affwild2_au_txt(
        osp.join(a, 'AU_Detection_Challenge', 's00', 'v00.txt'))
    assert expr.shape == (30, ) and au.shape == (30, 12)
    assert ((expr >= 0) & (expr < 8)).all()


def test_older_root_gets_labels_without_rerendering(tmp_path):
    root = str(tmp_path / 'r')
    generate_synthetic_dataset(root, **KW)
    video = osp.join(root, 'videos', 's00', 'v00.mp4')
    before = (os.stat(video).st_mtime_ns, open(video, 'rb').read())
    shutil.rmtree(osp.join(root, 'AU_Detection_Challenge'))
    again = generate_synthetic_dataset(root, **KW)
    assert again['generated'] == 0
    assert osp.isfile(osp.join(root, 'AU_Detection_Challenge', 's00',
                               'v00.txt'))
    assert (os.stat(video).st_mtime_ns, open(video, 'rb').read()) == before
