import numpy as np
import pytest

from mmaction_vaerr.io import read_audio


def test_read_audio_length_rate_and_start(av_clip):
    path = av_clip(fps=25, num_frames=40, loud=(10, 20))
    track = read_audio(path, 16000)
    assert track.sample_rate == 16000
    assert track.samples.dtype == np.float32 and track.samples.ndim == 1
    # AAC end padding is cut at the declared stream duration
    assert abs(len(track.samples) - 25600) <= 8
    assert track.start_time == pytest.approx(0.0, abs=1e-3)
    # loud exactly on samples [6400, 12800): AAC priming is removed
    loud = np.nonzero(np.abs(track.samples) > 0.1)[0]
    assert abs(loud[0] - 6400) < 40 and abs(loud[-1] - 12800) < 40


def test_read_audio_resamples(av_clip):
    path = av_clip(fps=25, num_frames=40, loud=(0, 40))
    track = read_audio(path, 8000)
    assert track.sample_rate == 8000
    assert abs(len(track.samples) - 12800) <= 8
    seg = track.samples[2000:10000]
    peak_hz = np.argmax(np.abs(np.fft.rfft(seg))) * 8000 / len(seg)
    assert peak_hz == pytest.approx(440, abs=2)


def test_no_audio_stream_names_file(av_clip):
    path = av_clip('silent.mp4', with_audio=False)
    with pytest.raises(ValueError, match='silent.mp4: no audio stream'):
        read_audio(path)


def test_missing_and_unreadable_files(tmp_path):
    with pytest.raises(FileNotFoundError, match='nope.mp4'):
        read_audio(str(tmp_path / 'nope.mp4'))
    bad = tmp_path / 'garbage.mp4'
    bad.write_bytes(b'not a video at all' * 10)
    with pytest.raises(ValueError, match='garbage.mp4'):
        read_audio(str(bad))
    with pytest.raises(ValueError, match='sample_rate'):
        read_audio(str(bad), 0)
