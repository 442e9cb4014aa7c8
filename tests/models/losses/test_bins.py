import pytest
import torch

from mmaction_vaerr.models.losses import bin_centres, bin_edges, va_to_bins


@pytest.mark.parametrize('dtype', [torch.float32, torch.float64])
def test_known_bins(dtype):
    y = torch.tensor([-1.0, -0.95, -0.9, -0.8999, -0.9001, 0.0, -1e-6, 0.5,
                      0.95, 0.999, 1.0], dtype=dtype)
    expected = [0, 0, 1, 1, 0, 10, 9, 15, 19, 19, 19]
    assert va_to_bins(y).tolist() == expected


@pytest.mark.parametrize('dtype', [torch.float32, torch.float64])
def test_every_edge_starts_its_bin(dtype):
    # the decimal edge -1 + 2k/K belongs to bin k, despite float rounding
    for k in range(20):
        edge = torch.tensor(round(-1 + 2 * k / 20, 2), dtype=dtype)
        assert va_to_bins(edge).item() == k, (k, edge.item())


def test_out_of_range_is_clamped_and_shape_kept():
    y = torch.tensor([[-3.0, 2.0], [-1.5, 1.01]])
    bins = va_to_bins(y)
    assert bins.dtype == torch.long and bins.shape == (2, 2)
    assert bins.tolist() == [[0, 19], [0, 19]]


def test_formula_matches_floor_form_on_random_values():
    y = torch.rand(1000, dtype=torch.float64) * 2 - 1
    floor_form = ((y + 1) / 2 * 20).floor().clamp(0, 19).long()
    assert torch.equal(va_to_bins(y), floor_form)


def test_centres_and_edges():
    centres = bin_centres(20)
    edges = bin_edges(20)
    assert centres.shape == (20, ) and edges.shape == (21, )
    assert centres[0].item() == pytest.approx(-0.95)
    assert centres[-1].item() == pytest.approx(0.95)
    assert torch.allclose(centres, (edges[:-1] + edges[1:]) / 2)
    assert torch.equal(va_to_bins(centres), torch.arange(20))
    assert edges[1].item() == -0.9
    with pytest.raises(ValueError):
        bin_centres(0)
