# BYOL pretext on LRS3 faces, 8 GPUs x 32 clips, AdamW + cosine, 100 epochs.
_base_ = [
    '_base_/models/byol_r18-stem3d.py',
    '_base_/datasets/lrs3_pretext.py',
    '_base_/views/byol_views.py',
    '_base_/schedules/adamw-coslr-100e.py',
    '_base_/default_runtime.py',
]
train_dataloader = dict(
    dataset=dict(pipeline=_base_.decode_pipeline + _base_.view_pipeline))
