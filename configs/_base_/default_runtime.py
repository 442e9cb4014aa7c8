# Runtime shared by every mmaction_vaerr config.
default_scope = 'mmaction'
# Registers the plugin (and applies its compat patches) before anything is
# built, so mmaction2's tools/train.py and `mim train mmaction2` work.
custom_imports = dict(imports=['mmaction_vaerr'], allow_failed_imports=False)

default_hooks = dict(
    runtime_info=dict(type='RuntimeInfoHook'),
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=20, ignore_last=False),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(type='CheckpointHook', interval=1, max_keep_ckpts=3),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    sync_buffers=dict(type='SyncBuffersHook'))

env_cfg = dict(
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    # nccl on GPUs; CPU-only PyTorch falls back to gloo (mmaction_vaerr.compat)
    dist_cfg=dict(backend='nccl'))

# DDP with device_ids=None uses the module's own device: right for one GPU
# per process, and required on CPU (gloo) runs, where mmengine's default
# device_ids=[LOCAL_RANK] is rejected by torch.
model_wrapper_cfg = dict(type='MMDistributedDataParallel', device_ids=None,
                         broadcast_buffers=False)

log_processor = dict(type='LogProcessor', window_size=20, by_epoch=True)
vis_backends = [dict(type='LocalVisBackend'), dict(type='TensorboardVisBackend')]
visualizer = dict(type='ActionVisualizer', vis_backends=vis_backends)
log_level = 'INFO'
load_from = None
resume = False
randomness = dict(seed=0, deterministic=False)
