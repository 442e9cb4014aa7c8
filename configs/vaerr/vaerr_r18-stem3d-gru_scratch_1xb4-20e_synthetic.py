# Quickstart: SS-VAERR from scratch on the embedded synthetic face videos.
# Generate the data first: python tools/data/generate_synthetic.py data/synthetic
_base_ = [
    '../_base_/models/vaerr_r18-stem3d_gru.py',
    '../_base_/datasets/synthetic.py',
    '../_base_/schedules/adamw-coslr-clip_10e.py',
    '../_base_/va_runtime.py',
]
max_epochs = 20
train_cfg = dict(max_epochs=max_epochs, val_interval=5)
param_scheduler = [
    dict(type='CosineAnnealingLR', by_epoch=True, begin=0, end=max_epochs,
         T_max=max_epochs, eta_min=7e-5, convert_to_iter_based=True)
]
default_hooks = dict(logger=dict(interval=10))
# not the paper's: cosine + clipping (the schedule above) and predictions
# clipped to [-1, 1] at test, as the measured quickstart numbers were made
model = dict(cls_head=dict(pred_range=(-1.0, 1.0)))
