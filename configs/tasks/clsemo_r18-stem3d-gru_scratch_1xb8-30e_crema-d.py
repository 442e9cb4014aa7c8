# CREMA-D, 6 emotions per clip (the classes it shares with RAVDESS, so
# cross-dataset tests need no mapping), full fine-tuning.
_base_ = [
    './_base_/models/r18-stem3d_clip.py', './_base_/datasets/crema_d.py',
    './_base_/schedules/adamw-coslr-30e.py', '../_base_/default_runtime.py'
]
model = dict(cls_head=dict(num_classes=6))
default_hooks = dict(checkpoint=dict(save_best='emotion/uar',
                                     rule='greater'))
