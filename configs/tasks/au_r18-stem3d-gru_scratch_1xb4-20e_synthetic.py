# AUs per frame on the embedded synthetic faces: the 7 drawable AUs are
# labelled, the other 5 are -1 (facs.py); BCE with pos_weight per AU.
_base_ = [
    './_base_/models/r18-stem3d_gru_frame.py',
    './_base_/datasets/synthetic_frames.py',
    './_base_/schedules/adamw-coslr-20e.py',
    '../_base_/default_runtime.py'
]
model = dict(cls_head=dict(
    type='FrameAUHead', _delete_=True, in_channels=512, num_aus=12,
    dropout=0.2, trunk={{_base_.trunk}},
    loss_au=dict(type='AUBCELoss', pos_weight={{_base_.au_pos_weight}})))
tasks = dict(tasks=('au', ))
train_dataloader = dict(dataset=tasks)
val_dataloader = dict(dataset=tasks)
test_dataloader = dict(dataset=tasks)
val_evaluator = dict(type='AUMetric')
test_evaluator = val_evaluator
default_hooks = dict(checkpoint=dict(save_best='au/f1_macro',
                                     rule='greater'))
