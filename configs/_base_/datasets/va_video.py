# Canonical per-frame VA layout (mmaction_vaerr/datasets/va_annotation.py):
#   <data_root>/videos/<id>.mp4, <data_root>/labels/<id>.csv,
#   <data_root>/splits/{train,val,test}.txt
# A dataset config (sewa.py, recola.py, synthetic.py) sets data_root and
# clip_len, and recomposes: train_pipeline = train_load + train_aug + train_pack
# (augmentation configs swap train_aug, see configs/_base_/augmentations/).
dataset_type = 'VAVideoDataset'
data_root = 'data/synthetic'
clip_len = 200

train_load = [
    dict(type='DecordInit'),
    dict(type='SampleVASegment', clip_len=clip_len),
    dict(type='DecordDecode'),
    dict(type='ToGray'),
]
train_aug = []
train_pack = [
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackVAInputs'),
]
train_pipeline = train_load + train_aug + train_pack
# whole videos, in order, one per batch; a test-time crop (Table IV random
# crop rows) goes between test_load and train_pack
test_load = [
    dict(type='DecordInit'),
    dict(type='SampleVASegment', clip_len=None),
    dict(type='DecordDecode'),
    dict(type='ToGray'),
]
test_pipeline = test_load + train_pack

train_dataloader = dict(
    batch_size=8,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(type=dataset_type, data_root=data_root,
                 ann_file='splits/train.txt', pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type=dataset_type, data_root=data_root,
                 ann_file='splits/val.txt', pipeline=test_pipeline,
                 test_mode=True))
test_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type=dataset_type, data_root=data_root,
                 ann_file='splits/test.txt', pipeline=test_pipeline,
                 test_mode=True))
val_evaluator = dict(type='CCCMetric')
test_evaluator = val_evaluator
