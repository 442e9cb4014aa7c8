# Quickstart: SS-VAERR from scratch on the embedded synthetic face videos.
# Generate the data first: python tools/data/generate_synthetic.py data/synthetic
# Short 32-frame training segments, 8 per batch (more label diversity per
# step than a few long ones; labels vary over seconds), whole videos at test.
_base_ = [
    '../_base_/models/vaerr_r18-stem3d_gru.py',
    '../_base_/datasets/synthetic.py',
    '../_base_/schedules/adamw_10e.py',
    '../_base_/va_runtime.py',
]
clip_len = 32
train_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleVASegment', clip_len=clip_len),
    dict(type='DecordDecode'),
    dict(type='ToGray'),
] + _base_.train_pack
train_dataloader = dict(batch_size=8, dataset=dict(pipeline=train_pipeline))
max_epochs = 40
train_cfg = dict(max_epochs=max_epochs, val_interval=10)
optim_wrapper = dict(optimizer=dict(lr=1e-3))
param_scheduler = [
    dict(type='CosineAnnealingLR', by_epoch=True, begin=0, end=max_epochs,
         T_max=max_epochs, eta_min=5e-5, convert_to_iter_based=True)
]
default_hooks = dict(logger=dict(interval=6))
