# Quickstart: SS-VAERR from scratch on the embedded synthetic face videos.
# Generate the data first: python tools/data/generate_synthetic.py data/synthetic
_base_ = [
    '../_base_/models/vaerr_r18-stem3d_gru.py',
    '../_base_/datasets/synthetic.py',
    '../_base_/schedules/adamw_10e.py',
    '../_base_/va_runtime.py',
]
max_epochs = 20
train_cfg = dict(max_epochs=max_epochs, val_interval=5)
param_scheduler = [
    dict(type='CosineAnnealingLR', by_epoch=True, begin=0, end=max_epochs,
         T_max=max_epochs, eta_min=7e-5, convert_to_iter_based=True)
]
default_hooks = dict(logger=dict(interval=10))
