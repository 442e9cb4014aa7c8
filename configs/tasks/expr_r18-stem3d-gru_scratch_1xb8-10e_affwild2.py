# ABAW Expr track: 8 expression classes per frame on Aff-Wild2, macro F1.
# Class weights: print them for your copy with
#   python tools/analysis/class_weights.py THIS_CONFIG
# and set model.cls_head.loss_expr.class_weight (Aff-Wild2 is dominated by
# neutral and other; unweighted CE mostly predicts those).
_base_ = [
    './_base_/models/r18-stem3d_gru_frame.py', './_base_/datasets/affwild2.py',
    './_base_/schedules/adamw-coslr.py', '../_base_/default_runtime.py'
]
model = dict(cls_head=dict(type='FrameExprHead', num_classes=8,
                           loss_expr=dict(type='FrameCELoss',
                                          class_weight=None)))
train_dataloader = dict(dataset=dict(tasks=('expr', )))
val_dataloader = dict(dataset=dict(tasks=('expr', )))
test_dataloader = val_dataloader
val_evaluator = dict(type='ExprMetric')
test_evaluator = val_evaluator
default_hooks = dict(checkpoint=dict(save_best='expr/f1_macro',
                                     rule='greater'))
