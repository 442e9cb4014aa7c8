# Table IV row on RECOLA: training augmentation `aug_cropout`
# (definitions and crop sizes: configs/_base_/augmentations/table4.py).
_base_ = ['../vaerr_r18-stem3d-gru_scratch_1xb4-10e_recola.py', '../../_base_/augmentations/table4.py']
train_pipeline = _base_.train_load + _base_.aug_cropout + _base_.train_pack
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
