# Multi-task Aff-Wild2: valence/arousal + expression + AUs on one GRU trunk.
# Videos are annotated for some tasks only: a missing task file leaves that
# task unlabelled for the video (require_all_tasks=False); the video list is
# the EXPR set (use a split file listing the union to train on all).
_base_ = [
    './_base_/models/r18-stem3d_gru_frame.py', './_base_/datasets/affwild2.py',
    './_base_/schedules/adamw-coslr.py', '../_base_/default_runtime.py'
]
model = dict(cls_head=dict(
    type='MultiTaskHead', _delete_=True, in_channels=512,
    trunk={{_base_.trunk}}, dropout=0.2,
    loss_va=dict(type='VACompositeLoss',
                 weights=dict(ccc=0.5, mse=0.25, ce=0.25)),
    loss_expr=dict(type='FrameCELoss'), loss_au=dict(type='AUBCELoss'),
    task_weights=dict(va=1.0, expr=1.0, au=1.0)))
tasks = dict(tasks=('va', 'expr', 'au'), require_all_tasks=False)
train_dataloader = dict(dataset=tasks)
val_dataloader = dict(dataset=tasks)
test_dataloader = val_dataloader
val_evaluator = [dict(type='CCCMetric'), dict(type='ExprMetric'),
                 dict(type='AUMetric')]
test_evaluator = val_evaluator
default_hooks = dict(checkpoint=dict(save_best='expr/f1_macro',
                                     rule='greater'))
