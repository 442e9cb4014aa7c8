# tools/ssl_experiment.py: BYOL-pretrained (configs/selfsup/byol_r18-stem3d_1xb8-20e_synthetic-ssl.py),
# "frozen" as in the paper (only the first 3D conv fixed).
_base_ = ['./vaerr_r18-tapstem-gru_scratch_1xb32-autoprec-200it_synthetic-ssl.py']
pretext_checkpoint = 'work_dirs/byol_r18-stem3d_1xb8-20e_synthetic-ssl/epoch_20.pth'
model = dict(backbone=dict(
    frozen='stem_conv',
    init_cfg=dict(type='Pretrained', checkpoint=pretext_checkpoint,
                  prefix='backbone.')))
