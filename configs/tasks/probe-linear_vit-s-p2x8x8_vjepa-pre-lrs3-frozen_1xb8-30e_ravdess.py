# Frozen-encoder linear probe (the V-JEPA-for-FER protocol) on the V-JEPA
# video ViT-S: the pretext's target encoder is fixed (frozen='all'), its
# features averaged over space and time, and one linear layer trained.
# Pretrain first:
#   python tools/train.py configs/selfsup/vjepa_vit-s-p2x8x8_8xb32-coslr-100e_lrs3.py
_base_ = [
    './_base_/models/vit-s-p2x8x8_vjepa-pre-lrs3-frozen_clip-linear.py',
    './_base_/datasets/ravdess.py', './_base_/schedules/adamw-coslr-30e.py',
    '../_base_/default_runtime.py'
]
model = dict(cls_head=dict(num_classes=8))
optim_wrapper = dict(optimizer=dict(lr=1e-3))
default_hooks = dict(checkpoint=dict(save_best='emotion/uar',
                                     rule='greater'))
