"""Tests of the synthetic face-video generator (the embedded default)."""
import json
import os.path as osp
import shutil

import av
import decord
import numpy as np
import pytest

from mmaction_vaerr.datasets import read_split, read_va_csv
from mmaction_vaerr.dataprep.synthetic import (
    blink_signal, generate_synthetic_dataset, head_motion, render_face,
    resolve_splits, save_contact_sheet, subject_identity, synthesize_clip,
    va_trajectory)
from mmaction_vaerr.io import read_audio
from mmaction_vaerr.tools.data import generate_synthetic

FRAMES = 40
KW = dict(num_subjects=3, videos_per_subject=1, num_frames=FRAMES,
          splits=dict(train=1, val=1, test=1), seed=3)


@pytest.fixture(scope='module')
def roots(tmp_path_factory):
    """Two datasets with the same seed and one with another seed."""
    base = tmp_path_factory.mktemp('synthetic')
    out = {}
    for name, seed in (('a', 3), ('b', 3), ('c', 4)):
        out[name] = str(base / name)
        out[name + '_summary'] = generate_synthetic_dataset(
            out[name], **dict(KW, seed=seed))
    return out


def _frames(path):
    vr = decord.VideoReader(path)
    return vr.get_batch(list(range(len(vr)))).asnumpy()[..., 0]


def test_layout_and_summary(roots):
    root, summary = roots['a'], roots['a_summary']
    assert summary['num_videos'] == 3 and summary['frames'] == 3 * FRAMES
    assert summary['splits']['val'] == dict(
        subjects=['s01'], videos=1, frames=FRAMES, seconds=FRAMES / 25)
    subjects = {}
    for split in ('train', 'val', 'test'):
        ids = read_split(osp.join(root, 'splits', split + '.txt'))
        subjects[split] = {i.split('/')[0] for i in ids}
        for vid in ids:
            assert osp.isfile(osp.join(root, 'videos', vid + '.mp4'))
            ann = read_va_csv(osp.join(root, 'labels', vid + '.csv'))
            assert len(ann) == FRAMES and ann.valid.all() and ann.fps == 25
            assert np.abs(ann.va).max() <= 1.0
    assert subjects == dict(train={'s00'}, val={'s01'}, test={'s02'})
    with open(osp.join(root, 'meta.json')) as f:
        meta = json.load(f)
    assert meta['seed'] == 3 and meta['splits']['test'] == ['s02']
    assert 0.05 < meta['pixel_mean'] < 0.95 and 0.02 < meta['pixel_std']


def test_video_decodes_to_rendered_frames(roots):
    path = osp.join(roots['a'], 'videos', 's01', 'v00.mp4')
    vr = decord.VideoReader(path)
    assert len(vr) == FRAMES and vr.get_avg_fps() == pytest.approx(25)
    decoded = _frames(path)
    assert decoded.shape == (FRAMES, 96, 96)
    clip = synthesize_clip(3, 1, 0, FRAMES)
    ann = read_va_csv(osp.join(roots['a'], 'labels', 's01', 'v00.csv'))
    np.testing.assert_allclose(ann.va, clip.va, atol=1e-6)
    err = np.abs(decoded.astype(float) - clip.frames).mean()
    assert err < 3.0, f'codec/grey-level round trip too lossy: {err:.2f}'


def test_audio_duration_and_sync(roots):
    path = osp.join(roots['a'], 'videos', 's00', 'v00.mp4')
    with av.open(path) as c:
        stream = c.streams.audio[0]
        assert stream.sample_rate == 16000 and stream.channels == 1
        raw = sum(f.samples for f in c.decode(stream))
    track = read_audio(path)
    wave, sr = track.samples, track.sample_rate
    assert len(wave) == FRAMES * 640           # exactly the video duration
    assert 0 <= raw - len(wave) < 1024          # AAC end padding only
    assert abs(len(wave) / sr - FRAMES / 25) < 1 / 25
    clip = synthesize_clip(3, 0, 0, FRAMES)
    rms = np.sqrt((wave.reshape(FRAMES, 640) ** 2).mean(1))
    assert np.corrcoef(rms, clip.mouth_open)[0, 1] > 0.8


def test_deterministic_by_seed(roots):
    def csv(root):
        with open(osp.join(root, 'labels', 's02', 'v00.csv'), 'rb') as f:
            return f.read()

    vid = osp.join('videos', 's02', 'v00.mp4')
    assert csv(roots['a']) == csv(roots['b'])
    np.testing.assert_array_equal(_frames(osp.join(roots['a'], vid)),
                                  _frames(osp.join(roots['b'], vid)))
    assert csv(roots['a']) != csv(roots['c'])
    assert not np.array_equal(_frames(osp.join(roots['a'], vid)),
                              _frames(osp.join(roots['c'], vid)))


def test_resume_and_more_subjects(roots, tmp_path):
    root = str(tmp_path / 'grow')
    shutil.copytree(roots['a'], root)
    summary = generate_synthetic_dataset(
        root, **dict(KW, num_subjects=4, splits=dict(train=2, val=1,
                                                     test=1)))
    assert summary['generated'] == 1 and summary['skipped'] == 3
    assert summary['pixel_mean'] != roots['a_summary']['pixel_mean']
    assert read_split(osp.join(root, 'splits', 'train.txt')) == [
        's00/v00', 's01/v00']
    assert len(read_va_csv(osp.join(root, 'labels', 's03', 'v00.csv'))) \
        == FRAMES
    with pytest.raises(ValueError, match='other parameters'):
        generate_synthetic_dataset(root, **dict(KW, seed=5))


def test_resolve_splits():
    assert resolve_splits(dict(train=0.6, val=0.2, test=0.2), 10) == dict(
        train=list(range(6)), val=[6, 7], test=[8, 9])
    fr = resolve_splits(dict(train=0.8, val=0.1, test=0.1), 4)
    assert [len(v) for v in fr.values()] == [2, 1, 1]
    with pytest.raises(ValueError, match='sum to'):
        resolve_splits(dict(train=2, test=2), 5)


def test_trajectories_smooth_spread_uncorrelated():
    va = np.concatenate([va_trajectory(np.random.default_rng(i), 250, 25)
                         for i in range(40)])
    assert np.abs(va).max() < 1.0
    steps = np.abs(np.diff(va.reshape(40, 250, 2), axis=1))
    assert steps.mean() < 0.03 and steps.max() < 0.3
    lo, hi = np.percentile(va, [5, 95], axis=0)
    assert np.all(hi - lo > 1.2), (lo, hi)
    assert abs(np.corrcoef(va.T)[0, 1]) < 0.2


def test_arousal_drives_blinks_and_head_speed():
    low, high = np.full(5000, -1.0), np.full(5000, 1.0)
    blinks = [np.sum(np.diff((blink_signal(np.random.default_rng(0), a, 25)
                              > 0.5).astype(int)) == 1) for a in (low, high)]
    assert blinks[1] > 2 * blinks[0] > 0
    speed = [np.abs(np.diff(head_motion(np.random.default_rng(0), a, 25)[0],
                            axis=0)).mean() for a in (low, high)]
    assert speed[1] > 3 * speed[0]


def _band(img_a, img_b, lo, hi):
    return np.abs(img_a[int(lo):int(hi)].astype(float) - img_b[int(lo):int(hi)]
                  ).mean()


def test_face_responds_to_labels_and_identity():
    idt = subject_identity(0, 0)
    s = idt.half_height * idt.scale
    eye_y = 48 + idt.center_y + idt.eye_v * s
    mouth_y = 48 + idt.center_y + idt.mouth_v * s
    eyes = (eye_y - 6, eye_y + 6)
    mouth = (mouth_y - 8, mouth_y + 8)
    neutral = render_face(idt, 0.0, 0.0)
    assert neutral.shape == (96, 96) and neutral.dtype == np.uint8
    sad, happy = render_face(idt, 0.0, -1.0), render_face(idt, 0.0, 1.0)
    calm, excited = render_face(idt, -1.0, 0.0), render_face(idt, 1.0, 0.0)
    assert _band(sad, happy, *mouth) > 3.0
    assert _band(calm, excited, *eyes) > 3.0
    assert _band(neutral, render_face(idt, 0.0, 0.0, blink=1.0), *eyes) > 2.0
    # Arousal also opens the mouth a little.
    assert _band(calm, excited, *mouth) > 0.5
    other = render_face(subject_identity(0, 1), 0.0, 0.0)
    assert np.abs(other.astype(float) - neutral).mean() > 10.0


def test_contact_sheet(tmp_path):
    path = str(tmp_path / 'sheet.png')
    sheet = save_contact_sheet(path, num_subjects=2, zoom=1,
                               states=((-1, -1), (1, 1)))
    assert osp.isfile(path) and sheet.shape == (14 + 2 * 96, 2 * 96)


def test_cli_without_audio(tmp_path):
    sheet = str(tmp_path / 'p.png')
    summary = generate_synthetic.main(
        [str(tmp_path / 'd'), '--subjects', '2', '--videos', '1',
         '--frames', '12', '16', '--splits', 'train=1', 'test=1',
         '--no-audio', '--workers', '0', '--preview', sheet])
    assert summary['num_videos'] == 2 and 24 <= summary['frames'] <= 32
    assert osp.isfile(sheet)
    with av.open(str(tmp_path / 'd' / 'videos' / 's01' / 'v00.mp4')) as c:
        assert not c.streams.audio and len(c.streams.video) == 1


def test_resume_accepts_int_or_float_fps(tmp_path):
    from mmaction_vaerr.dataprep.synthetic import generate_synthetic_dataset
    kw = dict(num_subjects=2, videos_per_subject=1, num_frames=12,
              with_audio=False, splits=dict(train=1, test=1))
    generate_synthetic_dataset(str(tmp_path), fps=25, **kw)
    again = generate_synthetic_dataset(str(tmp_path), fps=25.0, **kw)
    assert again['generated'] == 0 and again['skipped'] == 2
