# mmaction2's C3D (Tran et al., ICCV 2015) under our GRU head. C3D gives one
# 4096-d feature per 16-frame clip (its fc7), so the head repeats it over the
# frames (clip_features='broadcast'). C3D takes three channels and a fixed
# 16 x 96 x 96 input (out_dim 8192): the faces stay RGB (no ToGray) and both
# training and evaluation use 16-frame segments (one random segment per
# video at evaluation, not the whole video).
_base_ = ['../vaerr/vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py']
model = dict(
    backbone=dict(_delete_=True, type='C3D', out_dim=8192),
    cls_head=dict(in_channels=4096, clip_features='broadcast'),
    data_preprocessor=dict(mean=[107.355] * 3, std=[42.075] * 3))
clip_len = 16
train_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleVASegment', clip_len=clip_len),
    dict(type='DecordDecode'),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackVAInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=train_pipeline))
test_dataloader = dict(dataset=dict(pipeline=train_pipeline))
