# tools/ssl_experiment.py: LiRA-pretrained (configs/selfsup/lira_r18-stem3d-conformer_1xb8-20e_synthetic-ssl.py),
# fine-tuned (every layer trained); otherwise as the scratch row.
_base_ = ['./vaerr_r18-tapstem-gru_scratch_1xb32-autoprec-200it_synthetic-ssl.py']
pretext_checkpoint = 'work_dirs/lira_r18-stem3d-conformer_1xb8-20e_synthetic-ssl/epoch_20.pth'
model = dict(backbone=dict(init_cfg=dict(
    type='Pretrained', checkpoint=pretext_checkpoint, prefix='backbone.')))
