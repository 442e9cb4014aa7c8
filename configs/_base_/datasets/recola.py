# RECOLA (AVEC 2016/2018) after face preprocessing and label conversion (docs/datasets.md);
# 25 fps, 500-frame segments as in the paper; splits/dev.txt = AVEC dev.
# pixel_mean / pixel_std: ./stats/recola.json (tools/data/compute_mean_std.py)
_base_ = ['./va_video.py', './stats/recola.json']
data_root = 'data/recola'
clip_len = 500
train_load = _base_.train_load
train_load[1].clip_len = clip_len  # SampleVASegment
train_pipeline = train_load + _base_.train_aug + _base_.train_pack
train_dataloader = dict(
    batch_size=4,
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
# tools/data/make_splits.py --mode partition writes the AVEC partitions
# train.txt / dev.txt; RECOLA's test labels are not public: report on dev.
val_dataloader = dict(
    dataset=dict(data_root=data_root, ann_file='splits/dev.txt'))
test_dataloader = dict(
    dataset=dict(data_root=data_root, ann_file='splits/dev.txt'))
