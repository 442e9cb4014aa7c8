"""Tests for the downstream augmentations of the paper's Table IV.

Horizontal flip and random crop are mmaction2's own ``Flip`` / ``RandomCrop``
(tested here for the clip-level behaviour the paper needs); crop-out, missing
frames, solarisation and salt-and-pepper are this package's transforms.
"""
import os.path as osp

import cv2
import decord
import numpy as np
import pytest
from mmengine import Config

from mmaction.registry import TRANSFORMS
from mmaction_vaerr.datasets.transforms import (CropOut, MissingFrames,
                                                SaltPepper, Solarize, ToGray)

REPO = osp.dirname(osp.dirname(osp.dirname(osp.dirname(
    osp.abspath(__file__)))))
TABLE4 = osp.join(REPO, 'configs', '_base_', 'augmentations', 'table4.py')


@pytest.fixture(autouse=True)
def _seed():
    state = np.random.get_state()
    np.random.seed(0)
    yield
    np.random.set_state(state)


@pytest.fixture(scope='module')
def face_clip(real_clips):
    """16 real frames as (96, 96, 1) uint8 grayscale (centre square)."""
    vr = decord.VideoReader(osp.join(real_clips, 'pyfeat_single_face.mp4'))
    frames = vr.get_batch(list(range(16))).asnumpy()
    h, w = frames.shape[1:3]
    x0 = (w - h) // 2
    gray = ToGray()(dict(imgs=list(frames[:, :, x0:x0 + h])))['imgs']
    return [
        cv2.resize(g, (96, 96), interpolation=cv2.INTER_AREA)[..., None]
        for g in gray
    ]


def _results(imgs):
    t = len(imgs)
    return dict(imgs=[i.copy() for i in imgs],
                img_shape=imgs[0].shape[:2],
                modality='RGB',
                frame_inds=np.arange(t),
                gt_va=np.random.uniform(-1, 1, (t, 2)).astype(np.float32),
                frame_mask=np.arange(t) % 5 != 0)


def _check_labels(out, ref):
    for key in ('gt_va', 'frame_mask', 'frame_inds'):
        assert np.array_equal(out[key], ref[key]), key


def _position_clip(t=5, h=12, w=14):
    """Frames whose pixels encode (frame, y, x): value = y * w + x + t."""
    base = (np.arange(h)[:, None] * w + np.arange(w)[None]).astype(np.uint8)
    return [(base + i).astype(np.uint8)[..., None] for i in range(t)]


# ---------------------------------------------------------------- flip
def test_flip_every_frame_and_twice_is_identity(face_clip):
    flip = TRANSFORMS.build(dict(type='Flip', flip_ratio=1.0))
    results = _results(face_clip)
    ref = {k: np.copy(v) for k, v in results.items() if k != 'imgs'}
    out = flip(results)
    assert out['flip']
    for orig, img in zip(face_clip, out['imgs']):
        assert img.shape == (96, 96, 1)
        assert np.array_equal(img, np.fliplr(orig))
    _check_labels(out, ref)
    back = flip(out)['imgs']
    assert all(np.array_equal(a, b) for a, b in zip(back, face_clip))


def test_flip_one_decision_per_clip():
    clip = [np.random.randint(0, 256, (3, 4, 1), np.uint8) for _ in range(4)]
    flip = TRANSFORMS.build(dict(type='Flip', flip_ratio=0.5))
    n, flipped = 2000, 0
    for _ in range(n):
        out = flip(_results(clip))
        states = [
            np.array_equal(img, np.fliplr(c))
            for img, c in zip(out['imgs'], clip)
        ]
        unchanged = [
            np.array_equal(img, c) for img, c in zip(out['imgs'], clip)
        ]
        assert all(states) or all(unchanged)
        assert all(states) == bool(out['flip'])
        flipped += all(states)
    # Binomial(2000, 0.5): sd 0.011; 0.06 is > 5 sd (p < 1e-6).
    assert abs(flipped / n - 0.5) < 0.06


# ---------------------------------------------------------------- crop
def test_random_crop_same_window_all_frames():
    clip = _position_clip()
    crop = TRANSFORMS.build(dict(type='RandomCrop', size=8))
    corners = set()
    for _ in range(50):
        out = crop(_results(clip))
        x1, y1, x2, y2 = out['crop_bbox']
        assert (x2 - x1, y2 - y1) == (8, 8) and out['img_shape'] == (8, 8)
        for orig, img in zip(clip, out['imgs']):
            assert img.shape == (8, 8, 1)
            assert np.array_equal(img, orig[y1:y2, x1:x2])
        corners.add((int(x1), int(y1)))
    xs, ys = zip(*corners)
    assert len(set(xs)) > 1 and len(set(ys)) > 1


@pytest.mark.parametrize('ds,size', [('recola', 80), ('sewa', 82)])
def test_table4_crop_rows(face_clip, ds, size):
    """Paper crop: random s x s at train, central s x s at test (same
    scale); the resize option zooms the crop back to 96 x 96."""
    cfg = Config.fromfile(TABLE4)
    for row, out_size in ((f'aug_crop_{ds}', size),
                          (f'aug_crop_resize_{ds}', 96)):
        results = _results(face_clip)
        ref = {k: np.copy(v) for k, v in results.items() if k != 'imgs'}
        for t in [TRANSFORMS.build(c) for c in cfg[row]]:
            results = t(results)
        x1, y1, x2, y2 = results['crop_bbox']
        assert (x2 - x1, y2 - y1) == (size, size)
        assert results['img_shape'] == (out_size, out_size)
        for orig, img in zip(face_clip, results['imgs']):
            assert img.shape == (out_size, out_size, 1)
            want = orig[y1:y2, x1:x2]
            if out_size != size:
                want = cv2.resize(want, (96, 96),
                                  interpolation=cv2.INTER_LINEAR)[..., None]
            assert img.dtype == np.uint8 and np.array_equal(img, want)
        _check_labels(results, ref)
    results = _results(face_clip)
    for t in [TRANSFORMS.build(c) for c in cfg[f'test_crop_{ds}']]:
        results = t(results)
    lo = (96 - size) // 2
    assert np.array_equal(results['imgs'][0],
                          face_clip[0][lo:lo + size, lo:lo + size])


# ---------------------------------------------------------------- crop-out
def test_cropout_exact_patches_same_on_every_frame():
    clip = [np.full((200, 180, 1), 200, np.uint8) for _ in range(6)]
    out = CropOut(num_patches=5, patch_size=9)(_results(clip))
    boxes = out['cropout_bboxes']
    assert boxes.shape == (6, 5, 4)
    assert np.all(boxes == boxes[0])  # same positions on every frame
    assert np.all(boxes[..., 2] - boxes[..., 0] == 9)
    assert np.all(boxes[..., 3] - boxes[..., 1] == 9)
    assert boxes[..., :2].min() >= 0
    assert np.all(boxes[..., 2] <= 180) and np.all(boxes[..., 3] <= 200)
    union = np.zeros((200, 180), bool)
    for x1, y1, x2, y2 in boxes[0]:
        union[y1:y2, x1:x2] = True
    for img in out['imgs']:
        assert np.array_equal(img[..., 0] == 0, union)
        assert np.all(img[..., 0][~union] == 200)
    assert all(np.all(c == 200) for c in clip)  # input not modified
    # With this seed the patches do not overlap: exactly 5 squares of 81 px.
    assert union.sum() == 5 * 81


def test_cropout_per_frame_and_prob(face_clip):
    out = CropOut(num_patches=3, patch_size=10,
                  per_frame=True)(_results(face_clip))
    boxes = out['cropout_bboxes']
    assert boxes.shape == (16, 3, 4)
    assert len({b.tobytes() for b in boxes}) > 1
    for orig, img, frame_boxes in zip(face_clip, out['imgs'], boxes):
        inside = np.zeros((96, 96), bool)
        for x1, y1, x2, y2 in frame_boxes:
            inside[y1:y2, x1:x2] = True
        assert np.all(img[..., 0][inside] == 0)
        assert np.array_equal(img[..., 0][~inside], orig[..., 0][~inside])
    results = _results(face_clip)
    ref = {k: np.copy(v) for k, v in results.items() if k != 'imgs'}
    out = CropOut(prob=0.0)(results)
    assert 'cropout_bboxes' not in out
    assert all(np.array_equal(a, b) for a, b in zip(out['imgs'], face_clip))
    _check_labels(out, ref)
    with pytest.raises(ValueError, match='does not fit'):
        CropOut(patch_size=97)(_results(face_clip))


# ---------------------------------------------------------------- missing
def test_missing_frames_exact_count_on_real_clip(face_clip):
    results = _results(face_clip)
    ref = {k: np.copy(v) for k, v in results.items() if k != 'imgs'}
    out = MissingFrames(ratio=0.2)(results)
    inds = out['missing_frame_inds']
    assert len(inds) == round(0.2 * 16) == 3
    black = [i for i, img in enumerate(out['imgs']) if not img.any()]
    assert black == inds.tolist()
    for i, (orig, img) in enumerate(zip(face_clip, out['imgs'])):
        assert img.shape == orig.shape and img.dtype == np.uint8
        if i not in black:
            assert np.array_equal(img, orig)
    # Labels unchanged: the face is missing, the emotion is not.
    _check_labels(out, ref)
    assert len({id(img) for img in out['imgs']}) == 16  # no shared arrays


@pytest.mark.parametrize('t,expected', [(1, 0), (3, 1), (5, 1), (8, 2),
                                        (16, 3), (200, 40)])
def test_missing_frames_count(t, expected):
    clip = [np.full((2, 2, 1), 7, np.uint8) for _ in range(t)]
    out = MissingFrames(ratio=0.2)(_results(clip))
    assert sum(not img.any() for img in out['imgs']) == expected


def test_missing_frames_uniform_positions_then_flip():
    clip = [np.full((2, 3, 1), 9, np.uint8) for _ in range(10)]
    counts = np.zeros(10, int)
    for _ in range(2000):
        counts[MissingFrames(ratio=0.2)(
            _results(clip))['missing_frame_inds']] += 1
    # Each position: Binomial(2000, 0.2), mean 400, sd 17.9; 100 > 5 sd.
    assert np.all(np.abs(counts - 400) < 100)
    results = MissingFrames(ratio=0.5)(_results(clip))
    out = TRANSFORMS.build(dict(type='Flip', flip_ratio=1.0))(results)
    assert sum(not img.any() for img in out['imgs']) == 5
    out = MissingFrames(prob=0.0)(_results(clip))
    assert 'missing_frame_inds' not in out
    assert all(img.all() for img in out['imgs'])


# ---------------------------------------------------------------- solarize
def test_solarize_pixels_known_answer():
    img = np.array([[0, 10, 200], [250, 100, 50]], np.uint8)[..., None]
    # mean = 610 / 6 = 101.67: 200 -> 55, 250 -> 5, the rest unchanged.
    want = np.array([[0, 10, 55], [5, 100, 50]], np.uint8)[..., None]
    out = Solarize(ratio=1.0)(_results([img]))
    assert np.array_equal(out['imgs'][0], want)
    assert out['solarized'].tolist() == [True]


def test_solarize_real_clip_exact(face_clip):
    results = _results(face_clip)
    ref = {k: np.copy(v) for k, v in results.items() if k != 'imgs'}
    out = Solarize(ratio=1.0)(results)
    for orig, img in zip(face_clip, out['imgs']):
        above = orig > orig.mean()
        assert above.any() and (~above).any()
        assert np.array_equal(img[above], 255 - orig[above])
        assert np.array_equal(img[~above], orig[~above])
    _check_labels(out, ref)
    out = Solarize(ratio=0.0)(_results(face_clip))
    assert not out['solarized'].any()
    assert all(np.array_equal(a, b) for a, b in zip(out['imgs'], face_clip))


def test_solarize_fraction_per_image():
    clip = [np.random.randint(0, 256, (3, 3, 1), np.uint8) for _ in range(20)]
    clips, per_clip = 1000, []
    sol = Solarize(ratio=0.2)
    for _ in range(clips):
        out = sol(_results(clip))
        changed = [not np.array_equal(a, b) for a, b in zip(out['imgs'], clip)]
        assert changed == out['solarized'].tolist()
        per_clip.append(sum(changed))
    per_clip = np.array(per_clip)
    # 20000 Bernoulli(0.2) images: sd of the fraction 0.0028; 0.015 > 5 sd.
    assert abs(per_clip.sum() / (20 * clips) - 0.2) < 0.015
    # One draw per image, not per clip: clips are partly solarised.
    assert np.any((per_clip > 0) & (per_clip < 20))


# ---------------------------------------------------------------- salt-pepper
def test_salt_pepper_exact_counts_and_split():
    clip = [np.full((50, 40, 1), 128, np.uint8) for _ in range(8)]
    results = _results(clip)
    ref = {k: np.copy(v) for k, v in results.items() if k != 'imgs'}
    out = SaltPepper(amount=0.1, salt_vs_pepper=0.5)(results)
    masks = []
    for img in out['imgs']:
        assert (img == 255).sum() == 100 and (img == 0).sum() == 100
        assert (img == 128).sum() == 2000 - 200
        masks.append((img != 128).tobytes())
    assert len(set(masks)) == 8  # independent noise per frame
    assert all(np.all(c == 128) for c in clip)  # input not modified
    _check_labels(out, ref)
    img = SaltPepper(amount=0.1, salt_vs_pepper=0.3)(_results(clip))['imgs'][0]
    assert (img == 255).sum() == 60 and (img == 0).sum() == 140


def test_salt_pepper_colour_and_real_clip(face_clip):
    rgb = np.full((10, 10, 3), 100, np.uint8)
    img = SaltPepper(amount=0.2)(_results([rgb]))['imgs'][0]
    changed = (img != 100).any(-1)
    assert changed.sum() == 20
    assert np.all((img[changed] == 255).all(-1) | (img[changed] == 0).all(-1))
    out = SaltPepper(amount=0.05)(_results(face_clip))
    n_salt, n_pepper = SaltPepper(amount=0.05).counts(96, 96)
    # 0.05 * 9216 = 460.8 -> 461 pixels; half of 461 rounds up to 231 salt.
    assert (n_salt, n_pepper) == (231, 230)
    for orig, img in zip(face_clip, out['imgs']):
        diff = img != orig
        assert diff.sum() <= n_salt + n_pepper
        assert np.all((img[diff] == 0) | (img[diff] == 255))
        assert (img == 255).sum() >= n_salt and (img == 0).sum() >= n_pepper
    out = SaltPepper(prob=0.0)(_results(face_clip))
    assert all(np.array_equal(a, b) for a, b in zip(out['imgs'], face_clip))


# ---------------------------------------------------------------- common
@pytest.mark.parametrize('cfg', [
    dict(type='CropOut', num_patches=3, patch_size=7, prob=0.5,
         per_frame=True),
    dict(type='MissingFrames', ratio=0.3, prob=0.9),
    dict(type='Solarize', ratio=0.4),
    dict(type='SaltPepper', amount=0.02, salt_vs_pepper=0.7, prob=0.8),
])
def test_repr_round_trips(cfg):
    t = TRANSFORMS.build(cfg)
    rebuilt = eval(repr(t), {cfg['type']: type(t)})
    assert repr(rebuilt) == repr(t)
    for key, value in cfg.items():
        if key != 'type':
            assert f'{key}={value}' in repr(t)


def test_bad_arguments_and_input():
    with pytest.raises(ValueError, match='ratio'):
        MissingFrames(ratio=1.5)
    with pytest.raises(ValueError, match='ratio'):
        Solarize(ratio=-0.1)
    with pytest.raises(ValueError, match='amount'):
        SaltPepper(amount=2)
    with pytest.raises(ValueError, match='num_patches'):
        CropOut(num_patches=0)
    with pytest.raises(KeyError, match=r'Solarize.*imgs.*v1\.mp4'):
        Solarize()(dict(filename='v1.mp4'))
    with pytest.raises(ValueError, match=r'MissingFrames: frame 1 has shape'):
        MissingFrames()(dict(imgs=[
            np.zeros((4, 4, 1), np.uint8),
            np.zeros((5, 4, 1), np.uint8)
        ]))


def test_table4_fragment_via_base_inheritance(tmp_path, face_clip):
    child = tmp_path / 'child.py'
    child.write_text(
        f'_base_ = [{TABLE4!r}]\n'
        'pipeline_a = {{_base_.aug_flip_solarize}}\n'
        "pipeline_b = [dict(type='ToGray'), *_base_.aug_missing_frames]\n")
    cfg = Config.fromfile(str(child))
    assert [c['type'] for c in cfg.pipeline_a] == ['Flip', 'Solarize']
    assert [c['type'] for c in cfg.pipeline_b] == ['ToGray', 'MissingFrames']
    rows = [
        'aug_none', 'aug_flip', 'aug_crop_sewa', 'aug_crop_recola',
        'aug_cropout', 'aug_missing_frames', 'aug_solarize', 'aug_salt_pepper',
        'aug_flip_crop_sewa', 'aug_flip_crop_recola', 'aug_flip_cropout',
        'aug_flip_missing_frames', 'aug_flip_solarize', 'aug_flip_salt_pepper',
        'aug_crop_missing_frames_sewa', 'aug_crop_missing_frames_recola',
        'aug_cropout_missing_frames'
    ]
    for row in rows + ['pipeline_a', 'pipeline_b']:
        results = _results(face_clip)
        ref = {k: np.copy(v) for k, v in results.items() if k != 'imgs'}
        for t in [TRANSFORMS.build(c) for c in cfg[row]]:
            results = t(results)
        assert len(results['imgs']) == 16, row
        side = 82 if 'crop_' in row and 'sewa' in row else (
            80 if 'crop_' in row and 'recola' in row else 96)
        assert all(img.shape == (side, side, 1) and img.dtype == np.uint8
                   for img in results['imgs']), row
        _check_labels(results, ref)
    n_black = sum(not img.any() for img in results['imgs'])
    assert n_black == 3  # pipeline_b: MissingFrames(0.2) on 16 frames
