# Table II: LIRA-pretrained (LRS3) backbone, fine-tuned (every layer trained).
# Pretrain first: python tools/train.py configs/selfsup/lira_r18-stem3d-conformer_8xb32-coslr-100e_lrs3.py
_base_ = ['../vaerr_r18-stem3d-gru_scratch_1xb4-10e_recola.py']
pretext_checkpoint = 'work_dirs/lira_r18-stem3d-conformer_8xb32-coslr-100e_lrs3/epoch_100.pth'
model = dict(
    backbone=dict(
        init_cfg=dict(type='Pretrained', checkpoint=pretext_checkpoint,
                      prefix='backbone.')))
