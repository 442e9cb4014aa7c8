# Quickstart on the CPU fast path (docs/benchmark.md has the measurements):
# - bf16 autocast for training (AutocastOptimWrapper: mmengine's
#   AmpOptimWrapper needs a GPU; bf16 needs no loss scaling) and for
#   val/test (ValLoop/TestLoop fp16=True autocast to bf16 on CPU),
# - channels-last 2D trunk,
# - the 3D stem computed as a 2D conv over stacked temporal taps
#   (ResNet18TapStem: same parameters and checkpoint keys as ResNet18Stem3D),
# - decoded gray frames cached as uint8 .npy (see the -cache config).
# Runs unchanged on a GPU (autocast follows the model's device).
# On a CPU shared with other work, fewer torch threads (or
# OMP_WAIT_POLICY=PASSIVE in the environment) avoid a collapse of
# multi-threaded throughput (docs/benchmark.md, "Thread settings"):
#   custom_hooks = [dict(type='NCCECentroidHook'),
#                   dict(type='TorchThreadsHook', num_threads=1)]
_base_ = ['./vaerr_r18-stem3d-gru_scratch_1xb4-20e-cache_synthetic.py']
model = dict(backbone=dict(type='ResNet18TapStem', channels_last=True))
optim_wrapper = dict(type='AutocastOptimWrapper', dtype='bfloat16')
val_cfg = dict(type='ValLoop', fp16=True)
test_cfg = dict(type='TestLoop', fp16=True)
