# As the MAE config, from the V-JEPA context encoder (backbone.*; V-JEPA's
# own evaluation uses the EMA target encoder: prefix='target_net.module.').
# Pretrain first:
#   python tools/train.py configs/selfsup/vjepa_vit-t4-p2x8x8_1xb8-5e_synthetic.py
_base_ = ['./vaerr_vit-t4-p2x8x8-gru_mae-pre-synthetic_1xb4-20e_synthetic.py']
pretext_checkpoint = 'work_dirs/vjepa_vit-t4-p2x8x8_1xb8-5e_synthetic/epoch_5.pth'
model = dict(backbone=dict(init_cfg=dict(checkpoint=pretext_checkpoint)))
