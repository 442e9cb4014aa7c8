# Table IV row on SEWA: training augmentation `aug_flip_cropout`
# (definitions and crop sizes: configs/_base_/augmentations/table4.py).
_base_ = ['../vaerr_r18-stem3d-gru_scratch_1xb8-10e_sewa.py', '../../_base_/augmentations/table4.py']
train_pipeline = _base_.train_load + _base_.aug_flip_cropout + _base_.train_pack
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
