# Frozen-encoder linear probe (the V-JEPA-for-FER protocol): the
# BYOL-pretrained backbone is fixed (frozen='all'), its features averaged
# over space and time, and one linear layer trained.
# Pretrain first:
#   python tools/train.py configs/selfsup/byol_r18-stem3d_8xb32-coslr-100e_lrs3.py
_base_ = [
    './_base_/models/r18-stem3d_clip.py', './_base_/datasets/ravdess.py',
    './_base_/schedules/adamw-coslr.py', '../_base_/default_runtime.py'
]
pretext_checkpoint = \
    'work_dirs/byol_r18-stem3d_8xb32-coslr-100e_lrs3/epoch_100.pth'
model = dict(
    backbone=dict(frozen='all', init_cfg=dict(
        type='Pretrained', checkpoint=pretext_checkpoint,
        prefix='backbone.')),
    cls_head=dict(num_classes=8, trunk=None, pooling='mean', dropout=0.0))
optim_wrapper = dict(optimizer=dict(lr=1e-3))
train_cfg = dict(max_epochs=30, val_interval=5)
param_scheduler = dict(end=30, T_max=30)
default_hooks = dict(checkpoint=dict(save_best='emotion/uar',
                                     rule='greater'))
