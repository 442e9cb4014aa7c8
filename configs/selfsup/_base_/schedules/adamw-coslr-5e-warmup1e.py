# The short CPU pretext runs on the synthetic sets: AdamW as in
# ./adamw-coslr-100e.py (lr 1e-3 kept, not scaled down to batch 8, so short
# runs move), 1 linear warm-up epoch from 1 % of the lr, then cosine to
# eta_min over the rest of train_cfg.max_epochs. The cosine's end is left
# unset: mmengine's Runner sets it to the loop's length, so a config that
# sets only train_cfg.max_epochs (the 12e-mini and 20e-ssl ones) anneals
# over its own epochs (tests/configs/test_selfsup_schedules.py).
_base_ = ['./adamw-coslr-100e.py']
train_cfg = dict(max_epochs=5)
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-2, by_epoch=True, begin=0, end=1,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', eta_min=0.0, by_epoch=True, begin=1,
         convert_to_iter_based=True),
]
