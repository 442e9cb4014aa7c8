# BYOL pretext on the embedded synthetic faces: 1 process (CPU is fine),
# 8 clips of 8 frames, 5 epochs. Generate the data first:
#   python tools/data/generate_synthetic.py data/synthetic
_base_ = [
    '_base_/models/byol_r18-stem3d.py',
    '_base_/datasets/synthetic_pretext.py',
    '_base_/views/byol_views.py',
    '_base_/schedules/adamw-coslr-5e.py',
    '_base_/default_runtime.py',
]
train_dataloader = dict(
    dataset=dict(pipeline=_base_.decode_pipeline + _base_.view_pipeline))
default_hooks = dict(logger=dict(interval=1),
                     checkpoint=dict(interval=_base_.max_epochs))
