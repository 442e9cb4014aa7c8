# Aff-Wild2 (ABAW VA track) read as released, no conversion step:
#   <data_root>/cropped_aligned/<video>/00001.jpg      112x112 RGB faces
#   <data_root>/VA_Estimation_Challenge/{Train_Set,Validation_Set}/<video>.txt
# -5 labels and missing jpgs are invalid frames (masked). Frames are read
# (black for a missing jpg), re-framed from Aff-Wild2's ArcFace-template
# 112x112 crop to the project's 96x96 framing and made grey (BT.601), so
# the model sees what tools/data/preprocess_faces.py would give
# (docs/realface.md, "Aff-Wild2 framing"). ABAW's test labels are not
# public: validation and test both use Validation_Set.
dataset_type = 'AffWild2VADataset'
data_root = 'data/affwild2'
clip_len = 100
frames_load = [
    dict(type='SampleVASegment', clip_len=clip_len),
    dict(type='MaskedFrameDecode'),
    dict(type='ReframeFace', src='affwild2', size=96),
    dict(type='ToGray'),
]
train_load = frames_load
train_aug = [dict(type='Flip', flip_ratio=0.5, direction='horizontal')]
train_pack = [
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackVAInputs'),
]
train_pipeline = train_load + train_aug + train_pack
test_pipeline = [
    dict(type='SampleVASegment', clip_len=None),
    dict(type='MaskedFrameDecode'),
    dict(type='ReframeFace', src='affwild2', size=96),
    dict(type='ToGray'),
] + train_pack
_data = dict(type=dataset_type, data_root=data_root,
             data_prefix=dict(frames='cropped_aligned'), fps=30.0)
train_dataloader = dict(
    batch_size=8,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(**_data, ann_file='VA_Estimation_Challenge/Train_Set',
                 pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(**_data, ann_file='VA_Estimation_Challenge/Validation_Set',
                 pipeline=test_pipeline, test_mode=True))
test_dataloader = val_dataloader
val_evaluator = dict(type='CCCMetric')
test_evaluator = val_evaluator
