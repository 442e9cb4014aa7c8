# SS-VAERR downstream from scratch on Aff-Wild2 in its released layout
# (cropped_aligned/ + VA_Estimation_Challenge/): no conversion, no
# hand-written pipeline. Point data_root at the release, e.g.
#   python tools/train.py configs/affwild2/vaerr_r18-stem3d-gru_scratch_1xb8-10e_affwild2.py \
#       --cfg-options train_dataloader.dataset.data_root=/data/Aff-Wild2 ...
# or generate a set in that layout from real faces:
#   python tools/data/generate_realface.py data/affwild2 --layouts affwild2
_base_ = [
    '../_base_/models/vaerr_r18-stem3d_gru.py',
    '../_base_/datasets/affwild2.py',
    '../_base_/schedules/adamw_10e.py',
    '../_base_/va_runtime.py',
]
data_root = 'data/affwild2'
train_dataloader = dict(dataset=dict(data_root=data_root))
val_dataloader = dict(dataset=dict(data_root=data_root))
test_dataloader = dict(dataset=dict(data_root=data_root))
default_hooks = dict(logger=dict(interval=10))
