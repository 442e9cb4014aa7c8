"""MAE tube masks and V-JEPA multi-block masks."""
import pytest
import torch

from mmaction_vaerr.models.selfsup.masking import (boxes_to_mask,
                                                   multiblock_mask,
                                                   sample_blocks, tube_mask)


@pytest.mark.parametrize('grid,ratio', [((4, 12, 12), 0.9), ((1, 2, 2), 0.75),
                                        ((3, 6, 6), 0.5), ((2, 5, 7), 0.9)])
def test_tube_mask_exact_ratio_and_same_over_time(grid, ratio):
    t, h, w = grid
    mask = tube_mask(16, grid, ratio, torch.Generator().manual_seed(0))
    assert mask.shape == (16, t * h * w) and mask.dtype == torch.bool
    per_frame = mask.reshape(16, t, h * w)
    assert (per_frame.sum(-1) == int(ratio * h * w)).all()
    assert (per_frame == per_frame[:, :1]).all()          # a tube
    if h * w > 4:  # clips get different masks
        assert len({tuple(m.tolist()) for m in per_frame[:, 0]}) > 1


def test_tube_mask_ratio_checked():
    with pytest.raises(ValueError, match='ratio'):
        tube_mask(2, (1, 2, 2), 1.0)


@pytest.mark.parametrize('scale,side', [(0.15, 5), (0.7, 10)])
def test_blocks_size_bounds_and_time_span(scale, side):
    g = torch.Generator().manual_seed(1)
    grid = (4, 12, 12)
    boxes = sample_blocks(grid, num_blocks=8, spatial_scale=(scale, scale),
                          aspect_ratio=(1.0, 1.0), generator=g)
    assert len(boxes) == 8
    for t0, t1, y0, y1, x0, x1 in boxes:
        # round(sqrt(0.15 * 144)) = 5, round(sqrt(0.7 * 144)) = 10
        assert (y1 - y0, x1 - x0) == (side, side)
        assert (t0, t1) == (0, 4)
        assert 0 <= y0 and y1 <= 12 and 0 <= x0 and x1 <= 12
    boxes = sample_blocks(grid, 50, (0.15, 0.15), aspect_ratio=(0.75, 1.5),
                          generator=g)
    for t0, t1, y0, y1, x0, x1 in boxes:
        area = (y1 - y0) * (x1 - x0)
        assert 0.15 * 144 * 0.6 <= area <= 0.15 * 144 * 1.5
        assert 0 <= y0 < y1 <= 12 and 0 <= x0 < x1 <= 12


def test_short_temporal_blocks_stay_inside():
    boxes = sample_blocks((8, 6, 6), 20, (0.3, 0.3), temporal_scale=(0.5, 0.5),
                          generator=torch.Generator().manual_seed(2))
    for t0, t1, *_ in boxes:
        assert t1 - t0 == 4 and 0 <= t0 and t1 <= 8


def test_mask_is_union_of_blocks():
    grid = (2, 6, 6)
    boxes = [(0, 2, 0, 2, 0, 3), (0, 2, 1, 4, 2, 5)]
    mask = boxes_to_mask(boxes, grid).reshape(grid)
    for t in range(2):
        for y in range(6):
            for x in range(6):
                inside = any(y0 <= y < y1 and x0 <= x < x1
                             for _, _, y0, y1, x0, x1 in boxes)
                assert bool(mask[t, y, x]) == inside


def test_multiblock_keeps_context_or_fails_clearly():
    g = torch.Generator().manual_seed(0)
    for _ in range(20):
        mask = multiblock_mask((2, 12, 12), 2, (0.7, 0.7), min_context=10,
                               generator=g)
        assert (~mask).sum() >= 10 and mask.any()
    with pytest.raises(ValueError, match='context'):
        multiblock_mask((1, 2, 2), 4, (1.0, 1.0), generator=g)
