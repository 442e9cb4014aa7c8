"""Real-face generator: determinism, layouts, persons and splits."""
import json
import os
import os.path as osp

import numpy as np
import pytest

from mmaction_vaerr.datasets import read_split, read_va_csv
from mmaction_vaerr.datasets.annotations.affwild2 import read_affwild2
from mmaction_vaerr.dataprep.realface import (Canvas,
                                              generate_realface_dataset,
                                              group_persons, load_sources,
                                              plan_dataset, subject_texture,
                                              synthesize_clip)
from mmaction_vaerr.dataprep.realface.generator import video_warp
from mmaction_vaerr.io import read_audio


def _spec(realface_photos, cache):
    return plan_dataset(2, seed=0, splits=dict(train=1, test=1),
                        photo_dir=realface_photos, clip_dir='',
                        cache_dir=cache)


def test_clip_is_deterministic(realface_photos, realface_cache):
    spec = _spec(realface_photos, realface_cache)[0]
    canvas = Canvas()
    a = synthesize_clip(subject_texture(spec, 0, canvas), 5, 0, 0, 20,
                        outputs=(('canonical', 96), ('affwild2', 112)))
    b = synthesize_clip(subject_texture(spec, 0, canvas), 5, 0, 0, 20,
                        outputs=(('canonical', 96), ('affwild2', 112)))
    for k in a.frames:
        np.testing.assert_array_equal(a.frames[k], b.frames[k])
    np.testing.assert_array_equal(a.va, b.va)
    np.testing.assert_array_equal(a.audio, b.audio)
    c = synthesize_clip(subject_texture(spec, 0, canvas), 6, 0, 0, 20)
    assert not np.array_equal(a.va, c.va)
    assert a.frames['canonical'].shape == (20, 96, 96)
    assert a.frames['affwild2'].shape == (20, 112, 112, 3)


def test_dataset_is_deterministic(tiny_realface, realface_photos,
                                  realface_cache, tmp_path):
    root = str(tmp_path / 'again')
    generate_realface_dataset(
        root, num_subjects=3, videos_per_subject=2, num_frames=30, seed=1,
        splits=dict(train=1, val=1, test=1), photo_dir=realface_photos,
        clip_dir='', cache_dir=realface_cache,
        layouts=('canonical', 'affwild2'), affwild2_invalid=0.1)
    for sub in ('labels', 'splits', 'VA_Estimation_Challenge',
                'cropped_aligned', 'videos'):
        for dirpath, _, files in os.walk(osp.join(tiny_realface, sub)):
            for f in files:
                rel = osp.relpath(osp.join(dirpath, f), tiny_realface)
                with open(osp.join(tiny_realface, rel), 'rb') as x, \
                        open(osp.join(root, rel), 'rb') as y:
                    assert x.read() == y.read(), rel


def test_canonical_layout_and_audio(tiny_realface):
    meta = json.load(open(osp.join(tiny_realface, 'meta.json')))
    ids = read_split(osp.join(tiny_realface, 'splits', 'train.txt'))
    assert ids == ['s00/v00', 's00/v01']
    ann = read_va_csv(osp.join(tiny_realface, 'labels', 's00/v00.csv'))
    assert len(ann) == 30 and ann.valid.all()
    assert np.abs(ann.va).max() <= 1
    track = read_audio(osp.join(tiny_realface, 'videos', 's00/v00.mp4'))
    wave, rate = track.samples, track.sample_rate
    assert rate == 16000 and abs(len(wave) - 30 * 16000 / 25) <= 1
    import decord
    vr = decord.VideoReader(osp.join(tiny_realface, 'videos', 's00/v00.mp4'))
    assert len(vr) == 30 and vr[0].shape == (96, 96, 3)
    assert 0.1 < meta['pixel_mean'] < 0.9
    subjects = open(osp.join(tiny_realface, 'subjects.csv')).read()
    assert subjects.startswith('video_id,subject\n')


def test_splits_never_share_a_person(tiny_realface):
    meta = json.load(open(osp.join(tiny_realface, 'meta.json')))
    seen = {}
    for split, persons in meta['split_persons'].items():
        for p in persons:
            assert seen.setdefault(p, split) == split, p
    for sub, info in meta['subjects'].items():
        assert set(info['persons']) <= set(
            meta['split_persons'][info['split']])


def test_persons_from_descriptors(realface_photos, realface_cache):
    # same person in two photos -> one person; distinct people apart
    faces = load_sources(realface_photos, None, realface_cache)
    persons = group_persons(faces)
    assert len(persons) == 3
    of = {f.key: p for p, fs in persons.items() for f in fs}
    assert of['deepface_img1#0'] == of['deepface_img2#0']
    assert of['deepface_img29#0'] == of['deepface_img30#0']
    assert of['deepface_img1#0'] != of['deepface_img29#0']


def test_full_plan_is_person_disjoint(shared_data):
    """All 75 shared photos at the quickstart size (40 subjects).

    Uses the default landmark cache, so only the first run detects
    (about 20 s).
    """
    photos = osp.join(shared_data, 'face_images')
    specs = plan_dataset(40, seed=0, photo_dir=photos, clip_dir='')
    by_split = {}
    for s in specs:
        by_split.setdefault(s.split, set()).update(s.persons)
    names = list(by_split)
    assert names == ['train', 'val', 'test']
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert not by_split[a] & by_split[b], (a, b)
    # a group photo's faces are different people; one person's photos
    # stay together
    of = {f.key: p for p, fs in group_persons(
        load_sources(photos, None)).items() for f in fs}
    assert len({of[f'dlib_2008_001322#{k}'] for k in range(3)}) == 3
    assert of['deepface_img1#0'] == of['deepface_img11_reflection#0']
    assert sum(len(v) for v in by_split.values()) >= 15


def test_affwild2_layout_round_trips(tiny_realface):
    """Labels read back by the project's Aff-Wild2 reader match the CSVs."""
    ann_root = osp.join(tiny_realface, 'VA_Estimation_Challenge')
    sets = {'s00': 'Train_Set', 's01': 'Validation_Set', 's02': 'Test_Set'}
    n_invalid = 0
    for sub, set_name in sets.items():
        for v in ('v00', 'v01'):
            name = f'{sub}-{v}'
            frames = osp.join(tiny_realface, 'cropped_aligned', name)
            ann = read_affwild2(osp.join(ann_root, set_name, name + '.txt'),
                                25.0, frames)
            ref = read_va_csv(osp.join(tiny_realface, 'labels',
                                       f'{sub}/{v}.csv'))
            assert len(ann) == len(ref) == 30
            ok = ann.valid
            np.testing.assert_allclose(ann.va[ok], ref.va[ok], atol=1e-5)
            n_invalid += int((~ok).sum())
            missing = [k for k in range(30) if not osp.isfile(
                osp.join(frames, f'{k + 1:05d}.jpg'))]
            assert not ok[missing].any()
    assert n_invalid > 0


def test_existing_root_is_not_replaced(tiny_realface):
    with pytest.raises(FileExistsError, match='meta.json'):
        generate_realface_dataset(tiny_realface, num_subjects=3)


def test_tool_writes_set_and_preview(realface_photos, realface_cache,
                                     tmp_path):
    from mmaction_vaerr.tools.data import generate_realface as tool
    root, png = str(tmp_path / 'set'), str(tmp_path / 'p.png')
    args = [root, '--subjects', '2', '--videos', '1', '--frames', '10',
            '--splits', 'train=1', 'test=1', '--photos', realface_photos,
            '--clips', '', '--cache-dir', realface_cache, '--workers', '0',
            '--preview', png]
    summary = tool.main(args)
    assert summary['num_videos'] == 2
    assert read_split(osp.join(root, 'splits', 'test.txt')) == ['s01/v00']
    import cv2
    assert cv2.imread(png).shape[:2] == (28 + 2 * 192, 5 * 192)
    with pytest.raises(SystemExit, match='meta.json exists'):
        tool.main(args)


def test_warp_method_changes_frames_not_labels(realface_photos,
                                               realface_cache, tmp_path):
    """``warp='tps'`` renders the same video (labels, audio, nuisances)
    with another texture flow; ``'mix'`` draws the method per video from
    the seed, so a set and its re-generation agree; meta.json records it."""
    spec = _spec(realface_photos, realface_cache)[0]
    canvas = Canvas()
    a = synthesize_clip(subject_texture(spec, 0, canvas), 5, 0, 0, 12)
    t = synthesize_clip(subject_texture(spec, 0, canvas), 5, 0, 0, 12,
                        warp='tps')
    np.testing.assert_array_equal(a.va, t.va)
    np.testing.assert_array_equal(a.audio, t.audio)
    assert (a.info['warp'], t.info['warp']) == ('affine', 'tps')
    diff = np.abs(a.frames['canonical'].astype(float) -
                  t.frames['canonical'].astype(float)).mean()
    assert 0.2 < diff < 15, diff
    picks = [video_warp('mix', 0, s, v) for s in range(20) for v in (0, 1)]
    assert picks == [video_warp('mix', 0, s, v)
                     for s in range(20) for v in (0, 1)]
    assert 10 < picks.count('tps') < 30
    assert video_warp('tps', 0, 3, 1) == 'tps'
    root = str(tmp_path / 'mix')
    generate_realface_dataset(
        root, num_subjects=2, videos_per_subject=2, num_frames=8, seed=0,
        splits=dict(train=1, test=1), photo_dir=realface_photos,
        clip_dir='', cache_dir=realface_cache, warp='mix', with_audio=False)
    with open(osp.join(root, 'meta.json')) as f:
        meta = json.load(f)
    assert meta['params']['warp'] == 'mix'
    assert {v['warp'] for v in meta['videos'].values()} <= {'affine', 'tps'}
    assert [v['warp'] for k, v in sorted(meta['videos'].items())] == [
        video_warp('mix', 0, s, v) for s in range(2) for v in range(2)]
    with pytest.raises(ValueError, match="warp must be one of"):
        generate_realface_dataset(str(tmp_path / 'bad'), warp='mesh')
