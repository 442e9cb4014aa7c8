# RECOLA (AVEC 2016/2018) after face preprocessing and label conversion (docs/datasets.md);
# 25 fps, 500-frame segments as in the paper; splits/val.txt = AVEC dev.
_base_ = ['./va_video.py']
data_root = 'data/recola'
clip_len = 500
train_load = [
    dict(type='DecordInit'),
    dict(type='SampleVASegment', clip_len=clip_len),
    dict(type='DecordDecode'),
    dict(type='ToGray'),
]
train_pipeline = train_load + _base_.train_aug + _base_.train_pack
train_dataloader = dict(
    batch_size=4,
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(data_root=data_root))
# RECOLA's test labels are not public: report on the dev partition.
test_dataloader = dict(
    dataset=dict(data_root=data_root, ann_file='splits/val.txt'))
