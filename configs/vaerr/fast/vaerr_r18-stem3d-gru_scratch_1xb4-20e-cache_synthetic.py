# Quickstart with decoded-frame caching only (fp32, same model and numbers):
# every video is decoded once into <video>.gray.npy (uint8) and training
# reads its random segments from that memmap, so 2 dataloader workers keep
# up with the model. Frames are identical to DecordDecode + ToGray.
# the bases and schedule of ../vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py,
# listed here so that the fast-path config stays within 3 levels
_base_ = [
    '../../_base_/models/vaerr_r18-stem3d_gru.py',
    '../../_base_/datasets/synthetic.py',
    '../../_base_/schedules/adamw-coslr-clip_10e.py',
    '../../_base_/va_runtime.py',
]
max_epochs = 20
train_cfg = dict(max_epochs=max_epochs, val_interval=5)
param_scheduler = [
    dict(type='CosineAnnealingLR', by_epoch=True, begin=0, end=max_epochs,
         T_max=max_epochs, eta_min=7e-5, convert_to_iter_based=True)
]
default_hooks = dict(logger=dict(interval=10))
model = dict(cls_head=dict(pred_range=(-1.0, 1.0)))
custom_imports = dict(
    imports=['mmaction_vaerr', 'mmaction_vaerr.utils',
             'mmaction_vaerr.datasets.transforms.frame_cache'],
    allow_failed_imports=False)
clip_len = 100
cached_load = [
    dict(type='GrayCacheInit'),
    dict(type='SampleVASegment', clip_len=clip_len),
    dict(type='GrayCacheDecode'),
]
cached_test_load = [
    dict(type='GrayCacheInit'),
    dict(type='SampleVASegment', clip_len=None),
    dict(type='GrayCacheDecode'),
]
train_dataloader = dict(
    num_workers=2, persistent_workers=True,
    dataset=dict(pipeline=cached_load + _base_.train_aug + _base_.train_pack))
val_dataloader = dict(
    dataset=dict(pipeline=cached_test_load + _base_.train_pack))
test_dataloader = val_dataloader
