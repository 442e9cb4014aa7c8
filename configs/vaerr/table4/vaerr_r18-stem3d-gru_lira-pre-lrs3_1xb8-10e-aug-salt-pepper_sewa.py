# Table IV, SEWA: training augmentation `aug_salt_pepper`
# (configs/_base_/augmentations/table4.py); LiRA-pretrained, fine-tuned,
# the paper's composite loss for SEWA (configs/_base_/paper/sewa.py).
_base_ = ['../../_base_/paper/sewa.py', '../../_base_/paper/pretext_lrs3.py',
          '../../_base_/augmentations/table4.py']
model = dict(backbone=dict(init_cfg=dict(
    type='Pretrained', checkpoint=_base_.lira_checkpoint, prefix='backbone.')))
train_pipeline = _base_.train_load + _base_.aug_salt_pepper + _base_.train_pack
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
