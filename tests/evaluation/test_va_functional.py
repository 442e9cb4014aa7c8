import math

import numpy as np
import pytest

from mmaction_vaerr.evaluation.functional import ccc, pcc, rmse
from mmaction_vaerr.testing import loop_ccc


def _series(n, seed=0):
    rng = np.random.default_rng(seed)
    y = np.cumsum(rng.standard_normal(n)) / math.sqrt(n)
    x = 0.7 * y + 0.1 + 0.3 * rng.standard_normal(n)
    return x, y


def test_against_plain_loops():
    x, y = _series(200)
    assert ccc(x, y) == pytest.approx(loop_ccc(list(x), list(y)), abs=1e-12)
    r = np.corrcoef(x, y)[0, 1]
    assert pcc(x, y) == pytest.approx(r, abs=1e-12)
    ref = math.sqrt(sum((a - b)**2 for a, b in zip(x, y)) / len(x))
    assert rmse(x, y) == pytest.approx(ref, abs=1e-12)


def test_perfect_constant_negated():
    x, y = _series(100)
    assert ccc(y, y) == pytest.approx(1.0)
    assert ccc(np.full_like(y, 0.3), y) == 0.0
    assert pcc(np.full_like(y, 0.3), y) == 0.0
    assert ccc(np.ones(5), np.ones(5)) == 0.0  # 0/0 -> 0, not NaN
    assert ccc(-y, y) < 0 and ccc(-y + 2 * y.mean(), y) == pytest.approx(-1)


def test_avec_form_exact_and_unbiased_form_close():
    x, y = _series(5000, seed=3)
    mx, my = x.mean(), y.mean()
    avec = (2 * np.corrcoef(x, y)[0, 1] * x.std() * y.std() /
            (x.var() + y.var() + (mx - my)**2))
    assert ccc(x, y) == pytest.approx(avec, rel=1e-12)
    unbiased = (2 * np.cov(x, y)[0, 1] /
                (x.var(ddof=1) + y.var(ddof=1) + (mx - my)**2))
    assert ccc(x, y) != unbiased
    assert abs(ccc(x, y) - unbiased) < 1e-3


def test_bad_input():
    with pytest.raises(ValueError, match='empty'):
        ccc([], [])
    with pytest.raises(ValueError, match='length'):
        rmse([1, 2], [1, 2, 3])


@pytest.mark.parametrize('fn', [ccc, pcc, rmse])
def test_shapes_must_match_exactly(fn):
    """(100, 2) against (200,) used to be flattened and scored (0.0648)."""
    x, y = _series(200)
    with pytest.raises(ValueError, match=r'\(100, 2\) and \(200,\)'):
        fn(x.reshape(100, 2), y)
    with pytest.raises(ValueError, match='1-D'):
        fn(x.reshape(100, 2), y.reshape(100, 2))
    with pytest.raises(ValueError, match=r'\(200,\) and \(200, 1\)'):
        fn(x, y[:, None])


@pytest.mark.parametrize('fn', [ccc, pcc, rmse])
@pytest.mark.parametrize('bad', [np.nan, np.inf, -np.inf])
def test_non_finite_input_is_an_error_not_zero(fn, bad):
    """A NaN prediction used to give CCC 0.0 and PCC 0.0 (a valid number)."""
    x, y = _series(100)
    x[17] = bad
    with pytest.raises(ValueError, match='1 non-finite value.*index 17'):
        fn(x, y)
    with pytest.raises(ValueError, match='non-finite'):
        fn(y, x)
    with pytest.raises(ValueError, match='100 non-finite'):
        fn(np.full(100, bad), y)


def test_ccc_per_dim_pairs_the_columns():
    from mmaction_vaerr.evaluation.functional import VA_DIMS, ccc_per_dim
    x, y = _series(100)
    y = y - y.mean()            # so that ccc(-y, y) is exactly -1
    target = np.stack([x, y], 1)
    got = ccc_per_dim(np.stack([x, -y], 1), target)
    assert list(got) == list(VA_DIMS) == ['arousal', 'valence']
    assert got['arousal'] == pytest.approx(1.0)
    assert got['valence'] == pytest.approx(-1.0)
    assert ccc_per_dim(target[:, :1], target, dims=('a', )) == \
        {'a': pytest.approx(1.0)}
