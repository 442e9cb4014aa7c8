# ABAW AU track: 12 action units per frame on Aff-Wild2, mean F1 over AUs.
# pos_weight (n_neg / n_pos per AU) for your copy:
#   python tools/analysis/class_weights.py THIS_CONFIG
_base_ = [
    './_base_/models/r18-stem3d_gru_frame.py', './_base_/datasets/affwild2.py',
    './_base_/schedules/adamw-coslr.py', '../_base_/default_runtime.py'
]
model = dict(cls_head=dict(type='FrameAUHead', _delete_=True,
                           in_channels=512, num_aus=12, dropout=0.2,
                           trunk={{_base_.trunk}},
                           loss_au=dict(type='AUBCELoss', pos_weight=None)))
au_ann = 'Annotations/AU_Detection_Challenge/'
train_dataloader = dict(dataset=dict(tasks=('au', ),
                                     ann_file=au_ann + 'Train_Set'))
val_dataloader = dict(dataset=dict(tasks=('au', ),
                                   ann_file=au_ann + 'Validation_Set'))
test_dataloader = val_dataloader
val_evaluator = dict(type='AUMetric')
test_evaluator = val_evaluator
default_hooks = dict(checkpoint=dict(save_best='au/f1_macro',
                                     rule='greater'))
