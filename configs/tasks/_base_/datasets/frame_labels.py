# Frame-level labels (FrameLabelDataset): Aff-Wild2's EXPR / AU (/ VA) txt
# layout. A dataset config sets data_root, the folders and the tasks.
dataset_type = 'FrameLabelDataset'
clip_len = 100
label_keys = ('gt_expr', 'gt_au', 'gt_va')
train_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrameSegment', clip_len=clip_len, label_keys=label_keys),
    dict(type='DecordDecode'),
    dict(type='ToGray'),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackFrameLabels'),
]
# whole videos, in order, one per batch
test_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrameSegment', clip_len=None, label_keys=label_keys),
    dict(type='DecordDecode'),
    dict(type='ToGray'),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackFrameLabels'),
]
train_dataloader = dict(
    batch_size=8, num_workers=2, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(type=dataset_type, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1, num_workers=2, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type=dataset_type, pipeline=test_pipeline, test_mode=True))
test_dataloader = val_dataloader
