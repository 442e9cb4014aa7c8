# RAVDESS, 8 emotions per clip, full fine-tuning (GRU trunk, mean over
# time); UAR / WAR on the held-out actors 21-24.
_base_ = [
    './_base_/models/r18-stem3d_clip.py', './_base_/datasets/ravdess.py',
    './_base_/schedules/adamw-coslr-30e.py', '../_base_/default_runtime.py'
]
model = dict(cls_head=dict(num_classes=8))
default_hooks = dict(checkpoint=dict(save_best='emotion/uar',
                                     rule='greater'))
