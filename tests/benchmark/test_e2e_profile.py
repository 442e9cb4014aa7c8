import numpy as np

from mmaction_vaerr.benchmark import bench_e2e
from mmaction_vaerr.benchmark.e2e_profile import profile_call, stage_of


def test_stages_of_profiled_functions():
    assert stage_of(('~', 0, '<built-in method _dlib_pybind11.run>')) == \
        'detection (HOG)'
    assert stage_of(('/x/mmaction_vaerr/preprocessing/backends/'
                     'dlib_backend.py', 85, 'landmarks')) == \
        'landmarks (shape predictor)'
    assert stage_of(('/x/mmaction_vaerr/io/video.py', 148,
                     'iter_frames')) == 'decode'
    assert stage_of(('~', 0, '<built-in method torch.conv2d>')) == 'model'
    assert stage_of(('/x/mmaction_vaerr/preprocessing/alignment.py', 77,
                     'umeyama')) == 'similarity fits + warp'
    assert stage_of(('/x/elsewhere.py', 1, 'f')) == 'other'


def test_profile_call_sums_cpu_time_into_stages():
    from mmaction_vaerr.preprocessing.alignment import umeyama
    pts = np.random.default_rng(0).normal(size=(68, 2))
    result, stages, total = profile_call(
        lambda: [umeyama(pts, pts * 2) for _ in range(300)][-1])
    np.testing.assert_allclose(result[:, :2], 2 * np.eye(2), atol=1e-9)
    assert stages['similarity fits + warp'] > 0
    assert 0.5 * total < sum(stages.values()) <= total * 1.05


def test_e2e_rows_ask_for_their_precision(monkeypatch):
    """'auto' would give the fp32 row bf16 on a bf16 CPU."""
    seen = []

    def fake(model, clip, precision, **kw):
        seen.append((model, precision))
        return np.zeros(3)

    monkeypatch.setattr(bench_e2e, 'inference_va', fake)
    bench_e2e.e2e_section({'fp32': ('m32', False, False),
                           'fast': ('mfast', True, True)}, 'raw.mp4',
                          'aligned.mp4', 'dlib', 5, 1)
    assert set(seen) == {('m32', 'fp32'), ('mfast', 'bf16')}
