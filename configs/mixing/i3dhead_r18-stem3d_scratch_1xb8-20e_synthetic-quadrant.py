# Our ResNet18Stem3D under mmaction2's own I3DHead and VideoDataset:
# categorical emotion (circumplex quadrant) per clip.
# Lists: python tools/data/va_to_quadrant_list.py data/synthetic
_base_ = [
    '../_base_/schedules/adamw-coslr-clip_10e.py',
    '../_base_/default_runtime.py'
]
data_root = 'data/synthetic'
max_epochs = 20
train_cfg = dict(max_epochs=max_epochs)
param_scheduler = [
    dict(type='CosineAnnealingLR', by_epoch=True, begin=0, end=max_epochs,
         T_max=max_epochs, eta_min=7e-5, convert_to_iter_based=True)
]
model = dict(
    type='Recognizer3D',
    backbone=dict(type='ResNet18Stem3D', in_channels=1),
    cls_head=dict(type='I3DHead', num_classes=4, in_channels=512,
                  dropout_ratio=0.5),
    data_preprocessor=dict(type='ActionDataPreprocessor', mean=[107.355],
                           std=[42.075], format_shape='NCTHW'))
train_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=32, frame_interval=1, num_clips=1),
    dict(type='DecordDecode'),
    dict(type='ToGray'),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs'),
]
test_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=32, frame_interval=1, num_clips=1,
         test_mode=True),
    dict(type='DecordDecode'),
    dict(type='ToGray'),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs'),
]


def _loader(split, pipeline, batch_size, shuffle):
    return dict(
        batch_size=batch_size, num_workers=2, persistent_workers=True,
        sampler=dict(type='DefaultSampler', shuffle=shuffle),
        dataset=dict(type='VideoDataset', data_root=data_root,
                     ann_file=f'splits/quadrant_{split}.txt',
                     data_prefix=dict(video='videos'), pipeline=pipeline,
                     test_mode=not shuffle))


train_dataloader = _loader('train', train_pipeline, 8, True)
val_dataloader = _loader('val', test_pipeline, 8, False)
test_dataloader = _loader('test', test_pipeline, 8, False)
val_evaluator = dict(type='AccMetric')
test_evaluator = val_evaluator
default_hooks = dict(checkpoint=dict(save_best='acc/top1', rule='greater'))
