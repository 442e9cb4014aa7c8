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
# the base's decoding, 3 snippets of 8 frames
train_pipeline = _base_.train_pipeline
train_pipeline[1].update(clip_len=8, num_clips=3)  # SampleFrames
test_pipeline = _base_.test_pipeline
test_pipeline[1].update(clip_len=8, num_clips=3)
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
