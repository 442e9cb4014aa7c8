# tools/ssl_experiment.py: BYOL-pretrained (configs/selfsup/byol_r18-stem3d_1xb8-20e_synthetic-ssl.py),
# fine-tuned (every layer trained); otherwise as the scratch row.
_base_ = ['./vaerr_r18-tapstem-gru_scratch_1xb32-autoprec-200it_synthetic-ssl.py']
pretext_checkpoint = 'work_dirs/byol_r18-stem3d_1xb8-20e_synthetic-ssl/epoch_20.pth'
model = dict(backbone=dict(init_cfg=dict(
    type='Pretrained', checkpoint=pretext_checkpoint, prefix='backbone.')))
