"""Every VA head applies a validation-fitted calibration in eval mode only,
carries it in its state dict and reads checkpoints that lack it."""
import pytest
import torch

from mmaction_vaerr.models.heads import (GRUVAHead, TCNVAHead,
                                         TransformerVAHead)

HEADS = dict(
    gru=lambda **k: GRUVAHead(in_channels=8, hidden_channels=4, **k),
    tcn=lambda **k: TCNVAHead(in_channels=8, channels=(6, 6), **k),
    transformer=lambda **k: TransformerVAHead(
        in_channels=8, embed_dims=8, num_layers=1, num_heads=2, **k))
SCALE, SHIFT = [0.5, 2.0], [0.1, -0.3]


@pytest.mark.parametrize('kind', sorted(HEADS))
def test_eval_outputs_are_calibrated_then_clipped(kind):
    torch.manual_seed(0)
    head = HEADS[kind](pred_range=(-1.0, 1.0))
    x = torch.randn(2, 8, 7, 1, 1)
    head.eval()
    with torch.no_grad():
        raw = head(x)[0]
        head.set_calibration(SCALE, SHIFT)
        cal = head(x)[0]
        logits = head(x)[1]
    want = (raw * torch.tensor(SCALE) + torch.tensor(SHIFT)).clamp(-1, 1)
    torch.testing.assert_close(cal, want)
    head.set_calibration([1, 1], [0, 0])
    with torch.no_grad():
        torch.testing.assert_close(head(x)[1], logits)   # bins untouched
    head.set_calibration(SCALE, SHIFT)
    head.train()                                  # training sees raw outputs
    torch.manual_seed(1)
    out_train = head(x)[0]
    head.set_calibration([1, 1], [0, 0])
    torch.manual_seed(1)
    torch.testing.assert_close(out_train, head(x)[0])


@pytest.mark.parametrize('kind', sorted(HEADS))
def test_state_dict_carries_it_and_old_checkpoints_load(kind):
    torch.manual_seed(0)
    head = HEADS[kind]()
    head.set_calibration(SCALE, SHIFT)
    state = head.state_dict()
    assert state['va_scale'].tolist() == SCALE
    fresh = HEADS[kind]()
    fresh.load_state_dict(state)                  # strict
    torch.testing.assert_close(fresh.va_shift, torch.tensor(SHIFT))
    old = {k: v for k, v in state.items() if not k.startswith('va_')}
    fresh.load_state_dict(old)                    # strict: identity filled
    assert fresh.va_scale.tolist() == [1, 1]
    assert fresh.va_shift.tolist() == [0, 0]


def test_bad_calibrations_are_refused():
    head = HEADS['gru']()
    for scale, shift, match in (([1.0], [0, 0], '2 scales'),
                                ([1.0, 0.0], [0, 0], 'must be > 0'),
                                ([1.0, 1.0], [0, float('nan')], 'finite')):
        with pytest.raises(ValueError, match=match):
            head.set_calibration(scale, shift)
    assert head.va_scale.tolist() == [1, 1]
