# RAVDESS on the 6 classes it shares with CREMA-D (calm and surprised left
# out), for cross-dataset evaluation (tools/analysis/cross_dataset_eval.py).
_base_ = [
    './_base_/models/r18-stem3d_clip.py', './_base_/datasets/ravdess.py',
    './_base_/schedules/adamw-coslr-30e.py', '../_base_/default_runtime.py'
]
model = dict(cls_head=dict(num_classes=6))
label_set = dict(label_set='common6')
train_dataloader = dict(dataset=label_set)
val_dataloader = dict(dataset=label_set)
test_dataloader = dict(dataset=label_set)
val_evaluator = dict(class_names=('neutral', 'anger', 'disgust', 'fear',
                                  'happiness', 'sadness'))
test_evaluator = val_evaluator
default_hooks = dict(checkpoint=dict(save_best='emotion/uar',
                                     rule='greater'))
