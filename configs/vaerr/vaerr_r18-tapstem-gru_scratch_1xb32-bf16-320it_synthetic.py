# Quickstart (tools/quickstart.py): SS-VAERR from scratch on the embedded
# synthetic face videos, sized for a 2-core CPU (about 12 min of training).
# Same model and data as the paper-style synthetic config it inherits, with:
# - 32 short 8-frame segments per batch: labels change over seconds, so many
#   short segments from different videos carry far more label diversity per
#   step than a few long ones (measured after 100 steps of 256 frames:
#   held-out CCC 0.13 with 8 x 32 frames on 12 training subjects; 0.60 with
#   32 x 8 frames, flips and 32 training subjects; the three changes were
#   not measured one by one);
# - horizontal flips (Table IV), which double the face identities seen;
# - the CPU fast path (docs/benchmark.md): bf16 autocast, channels-last
#   trunk, the 3D stem as 2D taps (same weights and checkpoint keys as
#   ResNet18Stem3D) and decoded frames cached as uint8 .npy;
# - an iteration schedule: 320 steps, cosine 1e-3 -> 5e-5, validation on
#   the held-out val subjects every 80 steps (best kept for the test).
_base_ = ['./vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py']
custom_imports = dict(
    imports=['mmaction_vaerr', 'mmaction_vaerr.utils',
             'mmaction_vaerr.datasets.transforms.frame_cache'],
    allow_failed_imports=False)
model = dict(backbone=dict(type='ResNet18TapStem', channels_last=True))
clip_len = 8
train_pipeline = [
    dict(type='GrayCacheInit'),
    dict(type='SampleVASegment', clip_len=clip_len),
    dict(type='GrayCacheDecode'),
    dict(type='Flip', flip_ratio=0.5, direction='horizontal'),
] + _base_.train_pack
test_pipeline = [
    dict(type='GrayCacheInit'),
    dict(type='SampleVASegment', clip_len=None),
    dict(type='GrayCacheDecode'),
] + _base_.train_pack
# an endless shuffled stream: an epoch here is under 2 batches, and
# restarting the loader each time would stall on its first batches
train_dataloader = dict(batch_size=32,
                        sampler=dict(type='InfiniteSampler', shuffle=True),
                        dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))

max_iters = 320
train_cfg = dict(_delete_=True, type='IterBasedTrainLoop',
                 max_iters=max_iters, val_interval=80)
optim_wrapper = dict(type='AutocastOptimWrapper', dtype='bfloat16',
                     optimizer=dict(lr=1e-3))
param_scheduler = [
    dict(type='CosineAnnealingLR', by_epoch=False, begin=0, end=max_iters,
         T_max=max_iters, eta_min=5e-5)
]
val_cfg = dict(type='ValLoop', fp16=True)
test_cfg = dict(type='TestLoop', fp16=True)
default_hooks = dict(logger=dict(interval=20),
                     checkpoint=dict(by_epoch=False, interval=80))
log_processor = dict(by_epoch=False)
