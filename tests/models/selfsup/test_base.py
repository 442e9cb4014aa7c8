"""BaseVideoSelfSup's shared collapse-streak rule (DINO, V-JEPA, MAE)."""
from mmaction_vaerr.models.selfsup import BYOL


def _byol():
    """A pretext model without a collapse check of its own."""
    return BYOL(
        backbone=dict(type='ResNet18Stem3D'),
        neck=dict(type='ProjectionMLP', in_channels=512, hid_channels=8,
                  out_channels=4),
        head=dict(type='BYOLHead',
                  predictor=dict(type='ProjectionMLP', in_channels=4,
                                 hid_channels=8, out_channels=4)))


def test_streak_fires_once_when_it_reaches_patience_and_resets():
    model = _byol()
    model.collapse_patience = 3
    flags = [True, True, False, True, True, True, True, True, False,
             True, True, True]
    fired = [model.collapse_streak(f) for f in flags]
    # the streak of 5 fires at its third step only; the 2-step streak never;
    # a new streak after a reset fires again
    assert [i for i, f in enumerate(fired) if f] == [5, 11]
    assert model.collapse_iters == 3
    model.collapse_patience = 0          # disabled: never fires
    assert not any(model.collapse_streak(True) for _ in range(10))


def test_a_model_without_patience_never_fires():
    model = _byol()
    assert model.collapse_patience == 0     # BYOL has no collapse check
    assert not any(model.collapse_streak(True) for _ in range(60))
    assert model.collapse_iters == 60
