import os

import decord
import numpy as np
import pytest
from scipy.special import logsumexp

from mmaction_vaerr.datasets.transforms.audio_targets import LoadAudioTargets


def _run(transform, path, inds=None, **extra):
    n = len(decord.VideoReader(path))
    results = dict(filename=path,
                   frame_inds=np.arange(n) if inds is None else inds, **extra)
    return transform(results), n


@pytest.mark.parametrize('fps', [25.0, 30.0, 30000 / 1001])
def test_targets_have_video_frame_count_and_alignment(av_clip, fps):
    path = av_clip(fps=fps, num_frames=40, loud=(10, 20))
    out, n = _run(LoadAudioTargets(n_mels=40, normalize=False), path)
    assert n == 40                                 # fps read by decord
    assert out['audio_target'].shape == (n, 40)
    assert out['audio_target'].dtype == np.float32
    assert out['audio_mask'].dtype == bool and out['audio_mask'].all()
    energy = logsumexp(out['audio_target'], axis=1)
    assert set(np.argsort(energy)[-10:]) == set(range(10, 20))
    norm, _ = _run(LoadAudioTargets(n_mels=40), path)
    np.testing.assert_allclose(norm['audio_target'].mean(0), 0, atol=1e-4)
    np.testing.assert_allclose(norm['audio_target'].std(0), 1, atol=1e-3)


def test_clip_indices_start_index_and_mfcc(av_clip):
    path = av_clip(num_frames=40)
    full, _ = _run(LoadAudioTargets(kind='mfcc'), path)
    assert full['audio_target'].shape == (40, 13)
    inds = np.arange(5, 13) + 1                    # 1-based frame indices
    part, _ = _run(LoadAudioTargets(kind='mfcc'), path, inds,
                   start_index=1, total_frames=40, avg_fps=25.0)
    np.testing.assert_allclose(part['audio_target'],
                               full['audio_target'][5:13], rtol=1e-5)
    out, _ = _run(LoadAudioTargets(), path, np.array([38, 39, 40, 41]))
    assert list(out['audio_mask']) == [True, True, False, False]
    assert (out['audio_target'][2:] == 0).all()


def test_audio_shorter_than_video_is_masked(av_clip):
    path = av_clip(num_frames=40, audio_frames=30, loud=(0, 30))
    out, _ = _run(LoadAudioTargets(), path)
    assert out['audio_mask'][:30].all() and not out['audio_mask'][30:].any()


def test_precomputed_features_by_video_id(tmp_path, av_clip):
    path = av_clip('spk1/utt.mp4', num_frames=40)
    root = tmp_path / 'pase'
    (root / 'spk1').mkdir(parents=True)
    feats = np.repeat(np.arange(160, dtype=np.float32)[:, None], 4, axis=1)
    np.save(root / 'spk1' / 'utt.npy', feats)       # 1.6 s at 100 Hz
    t = LoadAudioTargets(kind='precomputed', feature_root=str(root),
                         normalize=False)
    out, _ = _run(t, path, video_id='spk1/utt', avg_fps=25.0,
                  total_frames=40)
    assert out['audio_target'].shape == (40, 4) and out['audio_mask'].all()
    np.testing.assert_allclose(out['audio_target'][:, 0],
                               4 * np.arange(40) + 1.5)
    bad = LoadAudioTargets(kind='precomputed', feature_root=str(tmp_path))
    with pytest.raises(FileNotFoundError, match='utt.npy'):
        _run(bad, path, video_id='spk1/utt')
    with pytest.raises(ValueError, match='feature_root'):
        LoadAudioTargets(kind='precomputed')
    with pytest.raises(ValueError, match='kind'):
        LoadAudioTargets(kind='pase')


def test_cache_and_no_audio_error(av_clip, tmp_path):
    path = av_clip('a.mp4')
    cached = LoadAudioTargets(cache_size=4)
    first, _ = _run(cached, path)
    inds = np.arange(40)
    os.rename(path, path + '.moved')               # decoding now impossible
    again = cached(dict(filename=path, frame_inds=inds, total_frames=40,
                        avg_fps=25.0))
    np.testing.assert_array_equal(again['audio_target'],
                                  first['audio_target'])
    with pytest.raises(FileNotFoundError, match='a.mp4'):
        LoadAudioTargets(cache_size=0)(dict(
            filename=path, frame_inds=inds, total_frames=40, avg_fps=25.0))
    silent = av_clip('silent.mp4', with_audio=False)
    with pytest.raises(ValueError, match='silent.mp4: no audio stream'):
        _run(LoadAudioTargets(), silent)
    assert "kind='logmel'" in repr(cached)
