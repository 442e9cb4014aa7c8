"""Class-weighted CE and masked AU BCE against direct per-sample sums."""
import math

import numpy as np
import pytest
import torch

from mmaction_vaerr.models.losses import (AUBCELoss, FrameCELoss,
                                          au_pos_weights,
                                          inverse_frequency_weights)


def test_frame_ce_weighted_mean_over_labelled_frames():
    torch.manual_seed(0)
    logits = torch.randn(2, 5, 3)
    target = torch.tensor([[0, 1, 2, -1, 1], [2, -1, 0, 0, 1]])
    mask = torch.ones(2, 5, dtype=torch.bool)
    mask[1, 4] = False
    w = [1.0, 2.0, 0.5]
    got = FrameCELoss(class_weight=w)(logits, target, mask)
    num = den = 0.0
    for n in range(2):
        for t in range(5):
            y = int(target[n, t])
            if y < 0 or not mask[n, t]:
                continue
            logp = torch.log_softmax(logits[n, t], 0)[y]
            num += -w[y] * float(logp)
            den += w[y]
    assert float(got) == pytest.approx(num / den, rel=1e-5)


def test_frame_ce_no_label_is_zero_with_gradient():
    logits = torch.randn(1, 3, 4, requires_grad=True)
    loss = FrameCELoss()(logits, torch.full((1, 3), -1))
    loss.backward()
    assert float(loss) == 0 and logits.grad is not None


def test_frame_ce_rejects_bad_ids():
    with pytest.raises(ValueError, match=r'\[0, 4\)'):
        FrameCELoss()(torch.zeros(1, 2, 4), torch.tensor([[0, 7]]))
    with pytest.raises(ValueError, match='class_weight has 2'):
        FrameCELoss([1, 1])(torch.zeros(1, 2, 4), torch.tensor([[0, 1]]))


def test_au_bce_pos_weight_and_missing():
    torch.manual_seed(1)
    logits = torch.randn(2, 4, 3)
    target = torch.tensor(np.random.default_rng(0).integers(-1, 2, (2, 4, 3)))
    pw = [2.0, 1.0, 0.5]
    got = AUBCELoss(pos_weight=pw)(logits, target)
    terms = []
    for idx in np.ndindex(2, 4, 3):
        y = int(target[idx])
        if y < 0:
            continue
        p = 1 / (1 + math.exp(-float(logits[idx])))
        terms.append(-(pw[idx[2]] * y * math.log(p) +
                       (1 - y) * math.log(1 - p)))
    assert float(got) == pytest.approx(np.mean(terms), rel=1e-5)


def test_balance_weights():
    assert inverse_frequency_weights([30, 10, 0]) == pytest.approx(
        [40 / 90, 40 / 30, 0.0], abs=1e-4)
    assert au_pos_weights([10, 0], [90, 5]) == [9.0, 1.0]
    with pytest.raises(ValueError):
        inverse_frequency_weights([0, 0])
