# Frozen-encoder linear probe of r18-stem3d_clip.py: the backbone loads the
# BYOL LRS3 pretext checkpoint and stays fixed (frozen='all'); the head
# averages its features over space and time (no trunk) into one linear layer.
_base_ = ['./r18-stem3d_clip.py']
pretext_checkpoint = \
    'work_dirs/byol_r18-stem3d_8xb32-coslr-100e_lrs3/epoch_100.pth'
model = dict(
    backbone=dict(frozen='all', init_cfg=dict(
        type='Pretrained', checkpoint=pretext_checkpoint,
        prefix='backbone.')),
    cls_head=dict(trunk=None, pooling='mean', dropout=0.0))
