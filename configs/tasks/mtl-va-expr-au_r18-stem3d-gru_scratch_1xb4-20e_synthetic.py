# Valence/arousal + expression + AUs on one GRU trunk, synthetic faces.
_base_ = [
    './_base_/models/r18-stem3d_gru_frame.py',
    './_base_/datasets/synthetic_frames.py',
    './_base_/schedules/adamw-coslr-20e.py',
    '../_base_/default_runtime.py'
]
model = dict(cls_head=dict(
    type='MultiTaskHead', _delete_=True, in_channels=512,
    trunk={{_base_.trunk}}, dropout=0.2,
    loss_va=dict(type='VACompositeLoss',
                 weights=dict(ccc=0.5, mse=0.25, ce=0.25)),
    loss_expr=dict(type='FrameCELoss',
                   class_weight={{_base_.expr_class_weight}}),
    loss_au=dict(type='AUBCELoss', pos_weight={{_base_.au_pos_weight}})))
tasks = dict(tasks=('va', 'expr', 'au'))
train_dataloader = dict(dataset=tasks)
val_dataloader = dict(dataset=tasks)
test_dataloader = dict(dataset=tasks)
val_evaluator = [dict(type='CCCMetric'), dict(type='ExprMetric'),
                 dict(type='AUMetric')]
test_evaluator = val_evaluator
default_hooks = dict(checkpoint=dict(save_best='expr/f1_macro',
                                     rule='greater'))
