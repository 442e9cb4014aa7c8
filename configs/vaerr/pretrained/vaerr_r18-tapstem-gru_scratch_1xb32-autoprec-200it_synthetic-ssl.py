# The downstream stage of tools/ssl_experiment.py (the paper's Tables I-II in
# miniature), from scratch: the quickstart recipe for 200 steps on the small
# label budget of the synthetic set the tool generates in data/synthetic_ssl
# ('train' = labelled subjects; 'pretrain' subjects stay unlabelled). The
# pretrained rows inherit this config and only set the backbone's init and
# mode. Recipe (not the paper's; sized for a 2-core CPU, see the
# quickstart config): 32 segments of 8 frames per step, horizontal flips,
# AdamW lr 1e-3 cosine to 5e-5 over 200 steps, gradient clipping at 10,
# validation every 50 steps (best kept), predictions clipped to [-1, 1],
# composite loss 0.5 CCC + 0.25 CE + 0.25 MSE, CPU fast path (bf16
# autocast where the CPU runs it natively, else fp32; channels-last where
# the probe says it pays; the 3D stem as 2D taps; cached gray frames).
_base_ = [
    '../../_base_/models/vaerr_r18-stem3d_gru.py',
    '../../_base_/datasets/synthetic.py',
    '../../_base_/schedules/adamw-coslr-clip-autoprec_200it.py',
    '../../_base_/va_runtime.py',
]
custom_imports = dict(
    imports=['mmaction_vaerr', 'mmaction_vaerr.utils',
             'mmaction_vaerr.datasets.transforms.frame_cache'],
    allow_failed_imports=False)
data_root = 'data/synthetic_ssl'
model = dict(backbone=dict(type='ResNet18TapStem', channels_last='auto'),
             cls_head=dict(pred_range=(-1.0, 1.0)))
train_pipeline = [
    dict(type='GrayCacheInit'),
    dict(type='SampleVASegment', clip_len=8),
    dict(type='GrayCacheDecode'),
    dict(type='Flip', flip_ratio=0.5, direction='horizontal'),
] + _base_.train_pack
test_pipeline = [
    dict(type='GrayCacheInit'),
    dict(type='SampleVASegment', clip_len=None),
    dict(type='GrayCacheDecode'),
] + _base_.train_pack
train_dataloader = dict(
    batch_size=32, sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(
    dataset=dict(data_root=data_root, pipeline=test_pipeline))
test_dataloader = dict(
    dataset=dict(data_root=data_root, pipeline=test_pipeline))
train_cfg = dict(val_interval=50)
default_hooks = dict(logger=dict(interval=20, log_metric_by_epoch=False),
                     checkpoint=dict(by_epoch=False, interval=50))
log_processor = dict(by_epoch=False)
