# The main job's recipe (configs/vaerr/vaerr_r18-tapstem-gru_scratch_1xb32-
# autoprec-200it_realface.py) on Aff-Wild2's released layout: for a CPU and
# a set of tens of videos, where the paper's 10 epochs of 8 x 100-frame
# clips (./vaerr_r18-stem3d-gru_scratch_1xb8-10e_affwild2.py) are only a
# few dozen steps. Same model and input normalisation as the main job, so
# the main job's checkpoint runs under this config (zero-shot) and back:
# - 'auto' precision (bf16 only where the CPU runs it natively), the 3D stem
#   as 2D taps (same weights and keys), threads from the CPU;
# - each residual block starting as the identity (zero_init_residual), as in
#   the real-face recipe;
# - 200 steps of 32 random 8-frame segments (an endless shuffled stream),
#   AdamW lr 1e-3 cosine to 5e-5, clip 10, validation at steps 100 and 200;
# - per-clip framing and photometric jitter as in the main job (after the
#   re-framing to the project's 96x96 crop), predictions clipped to [-1, 1].
# For the full release (millions of frames) raise train_cfg.max_iters.
_base_ = [
    '../_base_/models/vaerr_r18-stem3d_gru.py',
    '../_base_/datasets/affwild2.py',
    '../_base_/schedules/adamw-coslr-clip-autoprec_200it.py',
    '../_base_/va_runtime.py',
]
model = dict(backbone=dict(type='ResNet18TapStem', channels_last='auto',
                           zero_init_residual=True),
             cls_head=dict(pred_range=(-1.0, 1.0)),
             # the main job's normalisation (stats/realface.json) and
             # test-time framing (the mean side of the training crops)
             data_preprocessor=dict(type='VADataPreprocessor',
                                    mean=[125.942], std=[57.316],
                                    test_crop=0.92))
train_dataloader = dict(
    batch_size=32,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(pipeline=[
        dict(type='SampleVASegment', clip_len=8),
        dict(type='MaskedFrameDecode'),
        dict(type='ReframeFace', src='affwild2', size=96),
        dict(type='ToGray'),
        dict(type='ClipRandomResizedCrop', size=96, scale=(0.7, 1.0),
             ratio=(0.9, 1.1)),
        dict(type='Flip', flip_ratio=0.5, direction='horizontal'),
        dict(type='ClipBrightnessContrast', brightness=0.3, contrast=0.3,
             p=0.8),
    ] + _base_.train_pack))
custom_hooks = [dict(type='NCCECentroidHook'),
                dict(type='TorchThreadsHook', num_threads='auto'),
                dict(type='VATrajectoryVisHook', num_videos=3, interval=1)]
default_hooks = dict(logger=dict(interval=25, log_metric_by_epoch=False),
                     checkpoint=dict(by_epoch=False, interval=100))
log_processor = dict(by_epoch=False)
