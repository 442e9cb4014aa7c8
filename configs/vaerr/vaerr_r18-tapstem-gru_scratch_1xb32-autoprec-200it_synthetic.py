# Quickstart (tools/quickstart.py): SS-VAERR from scratch on the embedded
# synthetic face videos, sized to finish in 15 min on any 2-core x86 CPU,
# AVX2-only (fp32) or AVX512-BF16 (bf16). Same model and data as
# ./vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py, with:
# - precision from the hardware: bf16 autocast only where the CPU runs it
#   natively (AVX512-BF16/AMX, confirmed by a probe), fp32 elsewhere, for
#   training (AutocastOptimWrapper) and val/test (Precision*Loop); the log
#   says which and why. MMACTION_VAERR_PRECISION=fp32|bf16 forces one;
# - the 3D stem as 2D taps (same weights and keys as ResNet18Stem3D; 2.5x
#   faster training in fp32 on AVX2, docs/benchmark.md), channels-last
#   trunk where the probe says it pays (auto), torch threads = usable cores;
# - decoded gray frames cached as uint8 .npy (GrayCache*);
# - 32 short 8-frame segments per batch and horizontal flips: label
#   diversity per step (docs/benchmark.md, "Quickstart schedule");
# - 200 steps, AdamW lr 1e-3 cosine to 5e-5, clip 10, validation on the
#   held-out val subjects at steps 100 and 200 (best kept for the test),
#   predictions clipped to [-1, 1] at test time (pred_range).
_base_ = [
    '../_base_/models/vaerr_r18-stem3d_gru.py',
    '../_base_/datasets/synthetic.py',
    '../_base_/schedules/adamw-coslr-clip-autoprec_200it.py',
    '../_base_/va_runtime.py',
]
model = dict(backbone=dict(type='ResNet18TapStem', channels_last='auto'),
             cls_head=dict(pred_range=(-1.0, 1.0)))
cached_load = [
    dict(type='GrayCacheInit'),
    dict(type='SampleVASegment', clip_len=8),
    dict(type='GrayCacheDecode'),
]
cached_test_load = [
    dict(type='GrayCacheInit'),
    dict(type='SampleVASegment', clip_len=None),
    dict(type='GrayCacheDecode'),
]
train_dataloader = dict(
    batch_size=32, num_workers=2, persistent_workers=True,
    # an endless shuffled stream: an epoch is a few batches, and restarting
    # the loader each time would stall on its first batches
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(pipeline=cached_load + [
        dict(type='Flip', flip_ratio=0.5, direction='horizontal'),
    ] + _base_.train_pack))
val_dataloader = dict(
    dataset=dict(pipeline=cached_test_load + _base_.train_pack))
test_dataloader = val_dataloader
custom_hooks = [dict(type='NCCECentroidHook'),
                dict(type='TorchThreadsHook', num_threads='auto'),
                dict(type='VATrajectoryVisHook', num_videos=3, interval=1)]
# validation metrics logged at the iteration (mmengine's default, the epoch,
# is 0 throughout an iteration-based run)
default_hooks = dict(logger=dict(interval=25, log_metric_by_epoch=False),
                     checkpoint=dict(by_epoch=False, interval=100))
log_processor = dict(by_epoch=False)
