# DINO pretext on LRS3 faces, 8 GPUs x 32 clips, AdamW + cosine, 100 epochs.
_base_ = [
    '_base_/models/dino_r18-stem3d.py',
    '_base_/datasets/lrs3_pretext.py',
    '_base_/views/dino_views.py',
    '_base_/schedules/adamw-coslr-100e.py',
    '_base_/default_runtime.py',
]
train_dataloader = dict(
    dataset=dict(pipeline=_base_.decode_pipeline + _base_.view_pipeline))
# DINO's optimiser: AdamW, lr 5e-4 per 256 clips, weight decay 0.04 -> 0.4
# (cosine), gradient clipping at norm 3.
max_epochs = 100
warmup_epochs = 10
optim_wrapper = dict(
    optimizer=dict(lr=5e-4, weight_decay=0.04),
    clip_grad=dict(max_norm=3.0))
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-3, by_epoch=True, begin=0,
         end=warmup_epochs, convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', T_max=max_epochs - warmup_epochs,
         eta_min=1e-6, by_epoch=True, begin=warmup_epochs, end=max_epochs,
         convert_to_iter_based=True),
    # eta_min_ratio keeps the no-decay groups (norms, biases) at 0
    dict(type='CosineAnnealingParamScheduler', param_name='weight_decay',
         eta_min_ratio=10.0, T_max=max_epochs, by_epoch=True, begin=0,
         end=max_epochs, convert_to_iter_based=True),
]
