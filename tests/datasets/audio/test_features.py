import numpy as np
import pytest
from scipy.special import logsumexp

from mmaction_vaerr.datasets.audio import (frame_centers, hz_to_mel,
                                           log_mel_frames, mel_filterbank,
                                           mel_to_hz, mfcc_frames)
from mmaction_vaerr.io import read_audio

SR = 16000


def _direct_logmel_frame(x, centre, win, n_fft, n_mels, scale):
    """One frame computed the plain way: loops over filters and bins."""
    start = int(np.floor(centre + 0.5)) - win // 2
    seg = np.array([x[k] if 0 <= k < len(x) else 0.0
                    for k in range(start, start + win)])
    hann = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(win) / win)
    power = np.abs(np.fft.rfft(seg * hann, n_fft)) ** 2
    if scale == 'htk':
        mel = lambda f: 2595 * np.log10(1 + f / 700)  # noqa: E731
        hz = lambda m: 700 * (10 ** (m / 2595) - 1)  # noqa: E731
    else:
        mel = lambda f: f * 3 / 200 if f < 1000 else \
            15 + 27 * np.log(f / 1000) / np.log(6.4)  # noqa: E731
        hz = lambda m: m * 200 / 3 if m < 15 else \
            1000 * 6.4 ** ((m - 15) / 27)  # noqa: E731
    pts = [hz(m) for m in np.linspace(mel(0.0), mel(SR / 2), n_mels + 2)]
    out = []
    for m in range(n_mels):
        acc = 0.0
        for k in range(n_fft // 2 + 1):
            f = k * SR / n_fft
            if pts[m] < f < pts[m + 2]:
                w = (f - pts[m]) / (pts[m + 1] - pts[m]) if f <= pts[m + 1] \
                    else (pts[m + 2] - f) / (pts[m + 2] - pts[m + 1])
                acc += w * power[k]
        out.append(np.log(acc + 1e-6))
    return np.array(out)


@pytest.mark.parametrize('scale', ['htk', 'slaney'])
def test_log_mel_matches_direct_computation(scale):
    rng = np.random.default_rng(0)
    x = rng.normal(0, 0.1, 8000)
    feats, valid = log_mel_frames(x, SR, 25.0, 12, n_mels=20,
                                  mel_scale=scale)
    assert feats.shape == (12, 20) and valid.all()
    centres = frame_centers(12, 25.0, SR)
    for i in (0, 5, 11):   # first frame overlaps the zero padding
        ref = _direct_logmel_frame(x, centres[i], 1280, 2048, 20, scale)
        np.testing.assert_allclose(feats[i], ref, rtol=1e-4, atol=1e-4)


def test_long_video_is_computed_in_chunks_consistently():
    rng = np.random.default_rng(2)
    x = rng.normal(0, 0.1, 1100 * 640)
    feats, valid = log_mel_frames(x, SR, 25.0, 1100, n_mels=16)
    assert feats.shape == (1100, 16) and valid.all()
    centres = frame_centers(1100, 25.0, SR)
    for i in (1023, 1024, 1099):            # across the 1024-frame chunks
        ref = _direct_logmel_frame(x, centres[i], 1280, 2048, 16, 'htk')
        np.testing.assert_allclose(feats[i], ref, rtol=1e-4, atol=1e-4)


def test_mfcc_is_dct_of_log_mel():
    rng = np.random.default_rng(1)
    x = rng.normal(0, 0.1, 8000)
    logmel, _ = log_mel_frames(x, SR, 25.0, 10, n_mels=40)
    mfcc, valid = mfcc_frames(x, SR, 25.0, 10, n_mfcc=13, n_mels=40)
    assert mfcc.shape == (10, 13) and valid.all()
    n = np.arange(40)
    for k in range(13):   # orthonormal DCT-II written out
        scale = np.sqrt(1 / 40) if k == 0 else np.sqrt(2 / 40)
        ref = scale * (logmel * np.cos(np.pi * k * (2 * n + 1) / 80)).sum(1)
        np.testing.assert_allclose(mfcc[:, k], ref, rtol=1e-4, atol=1e-4)
    with pytest.raises(ValueError, match='n_mfcc'):
        mfcc_frames(x, SR, 25.0, 10, n_mfcc=50, n_mels=40)


def test_mel_scales_and_filterbank():
    f = np.array([0.0, 500.0, 1000.0, 4000.0, 8000.0])
    for scale in ('htk', 'slaney'):
        np.testing.assert_allclose(mel_to_hz(hz_to_mel(f, scale), scale), f,
                                   atol=1e-6)
    assert hz_to_mel(1000.0, 'slaney') == pytest.approx(15.0)
    assert hz_to_mel(700.0, 'htk') == pytest.approx(2595 * np.log10(2))
    fb = mel_filterbank(SR, 512, 40)
    assert fb.shape == (40, 257) and fb.max() <= 1.0 + 1e-9
    np.testing.assert_allclose(fb.max(1)[5:], 1.0, atol=0.2)  # unit peaks
    area = mel_filterbank(SR, 512, 40, norm='slaney')
    # area-normalised triangles: sum of weights * bin spacing ~ 1
    np.testing.assert_allclose(area[10:].sum(1) * SR / 512, 1.0, rtol=0.1)
    with pytest.raises(ValueError, match='mel scale'):
        hz_to_mel(1.0, 'bark')
    with pytest.raises(ValueError, match='f_max'):
        mel_filterbank(SR, 512, 40, f_max=9000)


def test_centres_do_not_drift_at_2997fps():
    fps = 30000 / 1001
    c = frame_centers(30000, fps, SR)       # ~1000 s of video
    # exact: (i + 0.5) * 1001 * 16000 / 30000, no accumulated rounding
    i = np.array([0, 1, 29999])
    np.testing.assert_allclose(c[i], (i + 0.5) * 1001 * 16 / 30, atol=1e-6)
    assert c[-1] - c[0] == pytest.approx(29999 * 16000 * 1001 / 30000)


def test_frames_beyond_audio_are_invalid():
    x = np.ones(SR // 2, np.float32)   # 0.5 s of audio, 25 fps
    feats, valid = log_mel_frames(x, SR, 25.0, 20)
    assert feats.shape == (20, 80)
    # frame i is centred on (i + 0.5) * 640 samples: 0..11 lie inside
    assert valid[:12].all() and not valid[12:].any()


@pytest.mark.parametrize('fps', [25.0, 30.0, 30000 / 1001])
def test_known_answer_alignment(av_clip, fps):
    """Audio loud only while frames 10-19 are shown -> energy there."""
    track = read_audio(av_clip(fps=fps, num_frames=40, loud=(10, 20)))
    feats, valid = log_mel_frames(track.samples, SR, fps, 40,
                                  track.start_time)
    energy = logsumexp(feats, axis=1)
    assert valid.all()
    high = np.nonzero(energy > energy.max() - 1.0)[0]
    low = np.nonzero(energy < energy.min() + 1.0)[0]
    assert list(high) == list(range(10, 20))
    # the two neighbours see the edge of the loud part (window overlap)
    assert set(low) == set(range(40)) - set(range(9, 21))
