# Quickstart (tools/quickstart.py): SS-VAERR from scratch on the embedded
# synthetic face videos, sized for a 2-core CPU (about 12 min of training).
# Same model and data as the paper-style synthetic config, with:
# - 32 short 8-frame segments per batch: labels change over seconds, so many
#   short segments from different videos carry far more label diversity per
#   step than a few long ones (measured after 100 steps of 256 frames:
#   held-out CCC 0.13 with 8 x 32 frames on 12 training subjects; 0.60 with
#   32 x 8 frames, flips and 32 training subjects; the three changes were
#   not measured one by one);
# - horizontal flips (Table IV), which double the face identities seen;
# - the CPU fast path (docs/benchmark.md): bf16 autocast, channels-last
#   trunk, the 3D stem as 2D taps (same weights and checkpoint keys as
#   ResNet18Stem3D) and decoded frames cached as uint8 .npy, all inherited
#   from the fast-path config in configs/vaerr/fast/;
# - an iteration schedule: 320 steps, cosine 1e-3 -> 5e-5, validation on
#   the held-out val subjects every 80 steps (best kept for the test).
_base_ = ['./fast/vaerr_r18-tapstem-gru_scratch_1xb4-20e-bf16-cl-cache_synthetic.py']
clip_len = 8
cached_load = _base_.cached_load
cached_load[1].clip_len = clip_len  # SampleVASegment
train_pipeline = cached_load + [
    dict(type='Flip', flip_ratio=0.5, direction='horizontal'),
] + _base_.train_pack
# an endless shuffled stream: an epoch here is under 2 batches, and
# restarting the loader each time would stall on its first batches
train_dataloader = dict(batch_size=32,
                        sampler=dict(type='InfiniteSampler', shuffle=True),
                        dataset=dict(pipeline=train_pipeline))

max_iters = 320
train_cfg = dict(_delete_=True, type='IterBasedTrainLoop',
                 max_iters=max_iters, val_interval=80)
optim_wrapper = dict(optimizer=dict(lr=1e-3))
param_scheduler = [
    dict(type='CosineAnnealingLR', by_epoch=False, begin=0, end=max_iters,
         T_max=max_iters, eta_min=5e-5)
]
# validation metrics logged at the iteration (mmengine's default, the epoch,
# is 0 throughout an iteration-based run)
default_hooks = dict(logger=dict(interval=20, log_metric_by_epoch=False),
                     checkpoint=dict(by_epoch=False, interval=80))
log_processor = dict(by_epoch=False)
