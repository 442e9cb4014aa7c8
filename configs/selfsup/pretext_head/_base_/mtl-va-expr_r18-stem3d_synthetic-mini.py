# The pretext x temporal-head comparison
# (tools/analysis/pretext_head_table.py):
# one multi-task head (MultiTaskHead: valence/arousal + expression, one
# temporal trunk) over the SS-VAERR backbone, on the labelled 'train'
# subjects of the small synthetic set data/synthetic_mini (the label budget
# every row shares), 30 steps of 4 clips x 16 frames at a constant LR, no
# validation, the last weights tested on the held-out 'test' subjects
# (frame CCC, expression macro F1). A row config sets the trunk (GRU / TCN /
# Transformer, ./trunks.py; none here) and the backbone initialisation.
_base_ = [
    '../../../tasks/_base_/models/r18-stem3d_gru_frame.py',
    '../../../tasks/_base_/datasets/synthetic_frames.py',
    '../../../_base_/default_runtime.py',
    '../../../_base_/datasets/stats/synthetic.json',
]
data_root = 'data/synthetic_mini'
clip_len = 16
iters = 30
model = dict(
    cls_head=dict(
        _delete_=True, type='MultiTaskHead', in_channels=512,
        dropout=0.2, pred_range=None,
        loss_va=dict(type='VACompositeLoss',
                     weights=dict(ccc=0.5, mse=0.25, ce=0.25)),
        loss_expr=dict(type='FrameCELoss',
                       class_weight=_base_.expr_class_weight)),
    data_preprocessor=dict(mean=_base_.pixel_mean, std=_base_.pixel_std))
train_pipeline = _base_.train_pipeline
train_pipeline[1].clip_len = clip_len  # SampleFrameSegment
tasks = ('va', 'expr')
train_dataloader = dict(
    batch_size=4, num_workers=1, persistent_workers=False,
    sampler=dict(_delete_=True, type='InfiniteSampler', shuffle=True),
    dataset=dict(data_root=data_root, tasks=tasks, pipeline=train_pipeline))
test_dataloader = dict(
    num_workers=0, persistent_workers=False,
    dataset=dict(data_root=data_root, tasks=tasks))
val_dataloader = None
val_cfg = None
val_evaluator = None
test_evaluator = [dict(type='CCCMetric'), dict(type='ExprMetric')]
test_cfg = dict(type='TestLoop')
train_cfg = dict(type='IterBasedTrainLoop', max_iters=iters)
optim_wrapper = dict(
    optimizer=dict(type='AdamW', lr=3e-4, weight_decay=1e-4))
default_hooks = dict(
    logger=dict(interval=10),
    checkpoint=dict(by_epoch=False, interval=iters, max_keep_ckpts=1))
log_processor = dict(window_size=10, by_epoch=False)
visualizer = dict(vis_backends=[dict(type='LocalVisBackend')])
