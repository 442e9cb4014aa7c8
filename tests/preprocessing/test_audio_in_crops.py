"""The crop video keeps the source's audio, cut to the written frames and
aligned to them, so LiRA's log-mel targets of a preprocessed clip are those
of the raw clip."""
import av
import numpy as np
import pytest

from mmaction_vaerr.io import read_audio
from mmaction_vaerr.datasets.transforms.audio_targets import LoadAudioTargets
from mmaction_vaerr.preprocessing.pipeline import preprocess_video


def _lag_corr(a, b, lag):
    n = min(len(a), len(b)) - 200
    return float(np.corrcoef(a[100 + lag:100 + lag + n - 10],
                             b[100:100 + n - 10])[0, 1])


@pytest.mark.parametrize('name,frames', [('liveportrait_d11.mp4', 30),
                                         ('mmaction2_test.avi', 24)])
def test_crop_audio_is_the_source_audio(name, frames, clip, dlib_backend,
                                        tmp_path):
    src = clip(name)
    rec = preprocess_video(src, str(tmp_path), 'x', backend=dlib_backend,
                           max_frames=frames)
    assert rec['status'] == 'ok'
    assert rec['audio_seconds'] == pytest.approx(frames / 25.0, abs=1e-4)
    crop, raw = read_audio(rec['outputs']['video']), read_audio(src)
    assert crop.start_time == 0.0 == raw.start_time
    assert len(crop.samples) == round(frames / 25.0 * 16000)
    # same waveform at lag 0 (AAC re-encoding: not bit-exact), not shifted
    at0 = _lag_corr(crop.samples, raw.samples, 0)
    assert at0 > 0.995
    assert at0 > _lag_corr(crop.samples, raw.samples, 2) + 0.05
    assert at0 > _lag_corr(crop.samples, raw.samples, -2) + 0.05
    # LiRA's per-frame log-mel targets: the crop's equal the raw clip's
    load = LoadAudioTargets(kind='logmel', normalize=False, cache_size=0)
    item = dict(frame_inds=np.arange(frames), total_frames=frames,
                avg_fps=25.0)
    a = load(dict(item, filename=rec['outputs']['video']))
    b = load(dict(item, filename=src))
    assert a['audio_mask'].all() and b['audio_mask'].all()
    inner = slice(0, frames - 1)  # the last window reaches past the cut
    diff = np.abs(a['audio_target'][inner] - b['audio_target'][inner])
    assert diff.mean() < 0.2  # nats; log-mel spans about 15
    assert np.corrcoef(a['audio_target'][inner].ravel(),
                       b['audio_target'][inner].ravel())[0, 1] > 0.99


def test_audio_that_starts_late_stays_in_place(clip, dlib_backend, tmp_path):
    """pyfeat_face_noface.mov: audio from 2.43 s. The crop's track starts at
    the first frame with silence, then the source sound at its time."""
    src = clip('pyfeat_face_noface.mov')
    rec = preprocess_video(src, str(tmp_path), 'x', backend=dlib_backend,
                           max_frames=100)
    crop, raw = read_audio(rec['outputs']['video']), read_audio(src)
    assert raw.start_time == pytest.approx(2.43, abs=0.01)
    assert crop.start_time == 0.0
    lead = int(raw.start_time * 16000)
    assert np.abs(crop.samples[:lead - 400]).max() < 0.01  # silence
    assert _lag_corr(crop.samples[lead:], raw.samples, 0) > 0.9
    assert len(crop.samples) == pytest.approx(
        100 / rec['fps'] * 16000, abs=8)  # 0.5 ms of resampler edge


def test_video_only_when_asked_or_without_sound(clip, dlib_backend,
                                                tmp_path):
    rec = preprocess_video(clip('pyfeat_single_face.mp4'), str(tmp_path),
                           'x', backend=dlib_backend, max_frames=5,
                           audio=False)
    with av.open(rec['outputs']['video']) as c:
        assert not c.streams.audio and len(c.streams.video) == 1
    assert rec['audio_seconds'] == 0.0
