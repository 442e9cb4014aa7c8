# Runtime of the self-supervised pretext configs (BYOL, DINO).
_base_ = ['../../_base_/default_runtime.py']
# Multi-GPU runs: BatchNorm statistics (backbone, projector, predictor) are
# synchronised across GPUs, as in BYOL/DINO. The runner only converts when
# distributed; torch's SyncBN needs GPUs, so CPU (gloo) multi-process runs
# add --cfg-options sync_bn=None (plain per-process BN).
sync_bn = 'torch'
default_hooks = dict(checkpoint=dict(interval=10, max_keep_ckpts=3))
