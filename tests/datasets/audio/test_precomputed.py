import numpy as np
import pytest

from mmaction_vaerr.datasets.audio import load_precomputed, resample_features


def _ramp(n, dim=3):
    """Feature j = (j, 10 j, -j): averages are easy to predict."""
    j = np.arange(n, dtype=np.float32)
    return np.stack([j, 10 * j, -j][:dim], axis=1)


def test_100hz_mean_to_25fps():
    feats = _ramp(400)                         # 4 s at 100 Hz
    out, valid = resample_features(feats, 100.0, 25.0, 100)
    assert out.shape == (100, 3) and out.dtype == np.float32
    assert valid.all()
    # frame i covers [i / 25, (i + 1) / 25) -> features 4i .. 4i + 3
    i = np.arange(100)
    np.testing.assert_allclose(out[:, 0], 4 * i + 1.5, atol=1e-5)
    np.testing.assert_allclose(out[:, 1], 10 * (4 * i + 1.5), atol=1e-4)


def test_stack_and_linear_modes():
    feats = _ramp(400, dim=2)
    out, valid = resample_features(feats, 100.0, 25.0, 100, mode='stack')
    assert out.shape == (100, 8) and valid.all()
    np.testing.assert_allclose(out[7, 0::2], [28, 29, 30, 31])
    with pytest.raises(ValueError, match='integer'):
        resample_features(feats, 100.0, 30.0, 100, mode='stack')
    # 10 Hz labels-like features up to 25 fps: linear interpolation
    slow = _ramp(40)
    out, valid = resample_features(slow, 10.0, 25.0, 100)
    pos = (np.arange(100) + 0.5) / 2.5         # frame times in feature steps
    # within half a step of the last feature its value is held
    np.testing.assert_allclose(out[:, 0][valid],
                               np.minimum(pos, 39)[valid], atol=1e-5)
    assert valid.sum() == 99 and not valid[-1]  # 39.8 > 39.5: outside


def test_2997fps_mean_counts():
    feats = np.ones((1000, 4), np.float32)
    out, valid = resample_features(feats, 100.0, 30000 / 1001, 299)
    assert out.shape == (299, 4) and valid.all()
    np.testing.assert_allclose(out, 1.0)


def test_load_checks_length_and_file(tmp_path):
    path = tmp_path / 'v.npy'
    np.save(path, _ramp(402))                  # 4.02 s vs 4.00 s: tolerated
    out, valid = load_precomputed(str(path), 100.0, 25.0, 100)
    assert out.shape == (100, 3) and valid.all()
    np.save(path, _ramp(300))                  # 3 s vs 4 s
    with pytest.raises(ValueError, match=r'v\.npy.*tolerance_s'):
        load_precomputed(str(path), 100.0, 25.0, 100)
    out, valid = load_precomputed(str(path), 100.0, 25.0, 100,
                                  tolerance_s=2.0)
    assert valid[:75].all() and not valid[75:].any()
    assert (out[75:] == 0).all()
    with pytest.raises(FileNotFoundError, match='missing.npy'):
        load_precomputed(str(tmp_path / 'missing.npy'), 100.0, 25.0, 100)
    np.save(path, np.zeros(10))
    with pytest.raises(ValueError, match=r'v\.npy.*\(T_feat, D\)'):
        load_precomputed(str(path), 100.0, 25.0, 100)
    (tmp_path / 'bad.npy').write_bytes(b'garbage')
    with pytest.raises(ValueError, match='bad.npy'):
        load_precomputed(str(tmp_path / 'bad.npy'), 100.0, 25.0, 100)
