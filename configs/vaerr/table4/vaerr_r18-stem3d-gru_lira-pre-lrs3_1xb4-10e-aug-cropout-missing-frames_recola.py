# Table IV, RECOLA: training augmentation `aug_cropout_missing_frames`
# (configs/_base_/augmentations/table4.py); LiRA-pretrained, fine-tuned,
# the paper's composite loss for RECOLA (configs/_base_/paper/recola.py).
_base_ = ['../../_base_/paper/recola.py', '../../_base_/paper/pretext_lrs3.py',
          '../../_base_/augmentations/table4.py']
model = dict(backbone=dict(init_cfg=dict(
    type='Pretrained', checkpoint=_base_.lira_checkpoint, prefix='backbone.')))
train_pipeline = _base_.train_load + _base_.aug_cropout_missing_frames + _base_.train_pack
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
