"""One probe_video contract (declared / decoded counts) and count_frames."""
import numpy as np
import pytest

from mmaction_vaerr.io import (VideoNotFoundError, VideoReadError,
                               count_frames, probe_video, write_face_video)


@pytest.fixture
def video(tmp_path):
    path = str(tmp_path / 'v.mp4')
    frames = np.random.default_rng(0).integers(0, 255, (12, 32, 32),
                                               np.uint8)
    write_face_video(path, frames, 25)
    return path


def test_declared_and_decoded_counts(video):
    declared = probe_video(video)
    decoded = probe_video(video, count='decoded')
    assert declared.num_frames == decoded.num_frames == 12
    assert float(decoded.fps) == 25.0
    assert (decoded.width, decoded.height) == (32, 32)
    assert count_frames(video) == count_frames(video, decode=False) == 12
    with pytest.raises(ValueError, match="count must be 'declared'"):
        probe_video(video, count='header')


def test_errors_keep_both_contracts(tmp_path):
    missing = str(tmp_path / 'missing.mp4')
    # converters catch FileNotFoundError / ValueError, readers RuntimeError
    with pytest.raises(FileNotFoundError, match='missing.mp4'):
        probe_video(missing, count='decoded')
    with pytest.raises(VideoNotFoundError):
        probe_video(missing)
    bad = tmp_path / 'bad.mp4'
    bad.write_bytes(b'not a video')
    for err in (ValueError, RuntimeError, VideoReadError):
        with pytest.raises(err, match='bad.mp4'):
            probe_video(str(bad), count='decoded')
    with pytest.raises(OSError, match='bad.mp4'):
        count_frames(str(bad), decode=False)
