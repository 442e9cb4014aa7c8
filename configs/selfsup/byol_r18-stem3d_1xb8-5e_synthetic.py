# BYOL pretext on the embedded synthetic faces: 1 process (CPU is fine),
# 8 clips of 8 frames, 5 epochs. Generate the data first:
#   python tools/data/generate_synthetic.py data/synthetic
_base_ = [
    '_base_/models/byol_r18-stem3d.py',
    '_base_/datasets/synthetic_pretext.py',
    '_base_/views/byol_views.py',
    '_base_/schedules/adamw-coslr-100e.py',
    '_base_/default_runtime.py',
]
train_dataloader = dict(
    dataset=dict(pipeline=_base_.decode_pipeline + _base_.view_pipeline))
# lr 1e-3 is kept (not scaled down to batch 8) so 5 short epochs move.
max_epochs = 5
train_cfg = dict(max_epochs=max_epochs)
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-2, by_epoch=True, begin=0, end=1,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', T_max=max_epochs - 1, eta_min=0.0,
         by_epoch=True, begin=1, end=max_epochs, convert_to_iter_based=True),
]
default_hooks = dict(logger=dict(interval=1),
                     checkpoint=dict(interval=max_epochs))
