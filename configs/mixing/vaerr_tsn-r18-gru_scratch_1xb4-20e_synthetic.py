# mmaction2's 2D ResNet-18 run per frame by Recognizer2D (TSN style, Wang et
# al., ECCV 2016) under our GRU head. The backbone gives frame-folded
# (N*T, 512, h, w) features; Recognizer2D passes num_segs = T to the head,
# which unfolds time.
_base_ = ['../vaerr/vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py']
model = dict(
    type='Recognizer2D',
    backbone=dict(_delete_=True, type='ResNet', depth=18, in_channels=1,
                  pretrained=None, torchvision_pretrain=False,
                  norm_eval=False),
    cls_head=dict(in_channels=512),
    data_preprocessor=dict(format_shape='NCHW'))
train_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleVASegment', clip_len=100),
    dict(type='DecordDecode'),
    dict(type='ToGray'),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackVAInputs'),
]
test_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleVASegment', clip_len=None),
    dict(type='DecordDecode'),
    dict(type='ToGray'),
    dict(type='FormatShape', input_format='NCHW'),
    dict(type='PackVAInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
