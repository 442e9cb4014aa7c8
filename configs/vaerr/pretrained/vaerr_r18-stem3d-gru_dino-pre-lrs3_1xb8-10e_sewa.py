# Table II: DINO-pretrained (LRS3) backbone, fine-tuned (every layer trained).
# Pretrain first: python tools/train.py configs/selfsup/dino_r18-stem3d_8xb32-coslr-100e_lrs3.py
_base_ = ['../vaerr_r18-stem3d-gru_scratch_1xb8-10e_sewa.py']
pretext_checkpoint = 'work_dirs/dino_r18-stem3d_8xb32-coslr-100e_lrs3/epoch_100.pth'
model = dict(
    backbone=dict(
        init_cfg=dict(type='Pretrained', checkpoint=pretext_checkpoint,
                      prefix='backbone.')))
