# Expression per frame on the embedded synthetic faces (labels read off the
# drawn face, mmaction_vaerr/dataprep/synthetic/facs.py), class-weighted CE.
_base_ = [
    './_base_/models/r18-stem3d_gru_frame.py',
    './_base_/datasets/synthetic_frames.py',
    './_base_/schedules/adamw-coslr-20e.py',
    '../_base_/default_runtime.py'
]
model = dict(cls_head=dict(
    type='FrameExprHead', num_classes=8,
    loss_expr=dict(type='FrameCELoss',
                   class_weight={{_base_.expr_class_weight}})))
tasks = dict(tasks=('expr', ))
train_dataloader = dict(dataset=tasks)
val_dataloader = dict(dataset=tasks)
test_dataloader = dict(dataset=tasks)
val_evaluator = dict(type='ExprMetric')
test_evaluator = val_evaluator
default_hooks = dict(checkpoint=dict(save_best='expr/f1_macro',
                                     rule='greater'))
