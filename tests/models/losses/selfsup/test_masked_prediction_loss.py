"""MAE's patch MSE and V-JEPA's feature L1: known values, loss_weight, a
detached target and shape errors that name the loss."""
import pytest
import torch

from mmaction_vaerr.models.losses.selfsup.masked_prediction_loss import (
    FeatureL1Loss, PatchMSELoss)


def test_known_values_and_weight():
    pred = torch.tensor([[[1., -1.], [3., 0.]]])             # (1, 2, 2)
    target = torch.zeros(1, 2, 2)
    assert PatchMSELoss()(pred, target).item() == pytest.approx(11 / 4)
    assert FeatureL1Loss()(pred, target).item() == pytest.approx(5 / 4)
    assert PatchMSELoss(loss_weight=2.0)(pred, target).item() == \
        pytest.approx(11 / 2)


@pytest.mark.parametrize('loss', [PatchMSELoss(), FeatureL1Loss()])
def test_target_is_detached(loss):
    pred = torch.randn(2, 3, 4, requires_grad=True)
    target = torch.randn(2, 3, 4, requires_grad=True)
    loss(pred, target).backward()
    assert pred.grad is not None and target.grad is None


@pytest.mark.parametrize('cls', [PatchMSELoss, FeatureL1Loss])
def test_shapes_must_match(cls):
    with pytest.raises(ValueError, match=cls.__name__ + ' expects'):
        cls()(torch.zeros(1, 2, 3), torch.zeros(1, 2, 4))
    with pytest.raises(ValueError, match='same .N, L, D. shape'):
        cls()(torch.zeros(2, 3), torch.zeros(2, 3))
