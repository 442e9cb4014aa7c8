# The CPU fast path on the paper-style synthetic config (docs/benchmark.md
# has the measurements), each switch decided from the hardware at run time:
# - precision 'auto': bf16 autocast for training (AutocastOptimWrapper:
#   mmengine's AmpOptimWrapper needs a GPU; bf16 needs no loss scaling) and
#   val/test (PrecisionValLoop/PrecisionTestLoop) only where the CPU runs
#   bf16 natively (AVX512-BF16/AMX, confirmed by a probe), else fp32;
# - channels-last trunk 'auto' (a probe of both memory formats);
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
model = dict(backbone=dict(type='ResNet18TapStem', channels_last='auto'))
optim_wrapper = dict(type='AutocastOptimWrapper', precision='auto')
val_cfg = dict(type='PrecisionValLoop', precision='auto')
test_cfg = dict(type='PrecisionTestLoop', precision='auto')
