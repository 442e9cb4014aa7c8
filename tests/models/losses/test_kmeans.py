import numpy as np
import pytest
import torch
import torch.multiprocessing as mp

from mmaction_vaerr.models.losses import (bin_centres, compute_va_centroids,
                                          kmeans_1d)
from mmaction_vaerr.testing import gloo_group


def _naive_lloyd(values, num_bins=20, iters=50, tol=1e-6):
    """Plain-python 1-D Lloyd, initialised at the bin centres."""
    cents = [-1 + (2 * k + 1) / num_bins for k in range(num_bins)]
    for _ in range(iters):
        sums, counts = [0.0] * num_bins, [0] * num_bins
        for v in values:
            dists = [abs(v - c) for c in cents]
            best = dists.index(min(dists))
            sums[best] += v
            counts[best] += 1
        new = [s / n if n else c for s, n, c in zip(sums, counts, cents)]
        shift = max(abs(a - b) for a, b in zip(new, cents))
        cents = new
        if shift <= tol:
            break
    return cents


def _labels(seed, num):
    rng = np.random.default_rng(seed)
    va = np.clip(rng.normal([0.2, -0.1], [0.3, 0.4], size=(num, 2)), -1, 1)
    valid = rng.random(num) > 0.1
    va[~valid] = -5.0  # invalid frames carry garbage
    return va.astype(np.float32), valid


def test_known_clusters():
    rng = np.random.default_rng(0)
    values = np.concatenate([-0.74 + 0.005 * rng.standard_normal(50),
                             0.05 + 0.005 * rng.standard_normal(30),
                             0.64 + 0.005 * rng.standard_normal(20)])
    cents = kmeans_1d(values)
    expected = bin_centres(20).clone()
    # each tight cluster pulls the centroid of the bin centre nearest to it
    expected[2] = values[:50].mean()
    expected[10] = values[50:80].mean()
    expected[16] = values[80:].mean()
    assert torch.allclose(cents, expected, atol=1e-12)


def test_matches_naive_lloyd_and_ignores_invalid():
    va, valid = _labels(1, 400)
    cents = compute_va_centroids(va, valid)
    assert cents.shape == (2, 20) and cents.dtype == torch.float64
    for d in range(2):
        ref = _naive_lloyd([float(v) for v in va[valid, d]])
        assert np.allclose(cents[d].numpy(), ref, atol=1e-9)
    assert torch.all(cents[:, 1:] >= cents[:, :-1])  # order kept
    va2 = va.copy()
    va2[~valid] = np.nan
    assert torch.equal(compute_va_centroids(va2, valid), cents)


def test_no_valid_value_raises():
    with pytest.raises(ValueError, match='no valid'):
        kmeans_1d(np.ones(5), np.zeros(5, bool))


def _worker(rank, init_file, out_file, shards):
    with gloo_group(rank, 2, init_file=init_file, timeout_s=60):
        torch.set_num_threads(1)
        va, valid = shards[rank]
        torch.save(compute_va_centroids(va, valid), f'{out_file}.{rank}')


def test_two_process_gloo_equals_single_process_on_union(tmp_path):
    shards = [_labels(2, 301), _labels(3, 517)]  # different sizes
    out = str(tmp_path / 'cents')
    # fork, not spawn: the children need not re-import mmaction (seconds)
    mp.start_processes(_worker, args=(str(tmp_path / 'init'), out, shards),
                       nprocs=2, start_method='fork')
    rank0, rank1 = torch.load(f'{out}.0'), torch.load(f'{out}.1')
    assert torch.equal(rank0, rank1)
    union = compute_va_centroids(np.concatenate([s[0] for s in shards]),
                                 np.concatenate([s[1] for s in shards]))
    assert torch.allclose(rank0, union, atol=1e-12)
    # each shard alone gives different centroids: the reduction mattered
    assert not torch.allclose(compute_va_centroids(*shards[0]), union,
                              atol=1e-4)
