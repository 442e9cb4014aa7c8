# SEWA (AVEC 2019 CES) after face preprocessing and label conversion (docs/datasets.md);
# 50 fps videos, 200-frame segments as in the paper.
# pixel_mean / pixel_std: ./stats/sewa.json (tools/data/compute_mean_std.py)
_base_ = ['./va_video.py', './stats/sewa.json']
data_root = 'data/sewa'
clip_len = 200
train_load = _base_.train_load
train_load[1].clip_len = clip_len  # SampleVASegment
train_pipeline = train_load + _base_.train_aug + _base_.train_pack
train_dataloader = dict(
    batch_size=8,
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(data_root=data_root))
test_dataloader = dict(dataset=dict(data_root=data_root))
