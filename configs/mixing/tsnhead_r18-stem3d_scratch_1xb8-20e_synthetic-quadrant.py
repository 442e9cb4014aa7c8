# Our ResNet18Stem3D under mmaction2's own TSNHead (Wang et al., ECCV 2016):
# categorical emotion (circumplex quadrant) per clip. Recognizer2D takes 3
# snippets of 8 frames per clip; the backbone encodes each snippet
# (out_format='snippet' averages its time axis) and TSNHead averages the
# snippets (segmental consensus).
_base_ = ['./i3dhead_r18-stem3d_scratch_1xb8-20e_synthetic-quadrant.py']
model = dict(
    type='Recognizer2D',
    backbone=dict(out_format='snippet'),
    cls_head=dict(_delete_=True, type='TSNHead', num_classes=4,
                  in_channels=512, dropout_ratio=0.5))
train_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=8, frame_interval=1, num_clips=3),
    dict(type='DecordDecode'),
    dict(type='ToGray'),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs'),
]
test_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=8, frame_interval=1, num_clips=3,
         test_mode=True),
    dict(type='DecordDecode'),
    dict(type='ToGray'),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
