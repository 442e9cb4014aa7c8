# The pretext stage of tools/ssl_experiment.py (the paper's Tables I-II in
# miniature): LiRA on the unlabelled 'pretrain' subjects of the synthetic set
# that the tool generates in data/synthetic_ssl, 20 epochs (warm-up 1, cosine
# 19), checkpoint at the end: work_dirs/lira_r18-stem3d-conformer_1xb8-20e_synthetic-ssl/epoch_20.pth
# (read by configs/vaerr/pretrained/).
_base_ = ['./lira_r18-stem3d-conformer_1xb8-5e_synthetic.py']
train_dataloader = dict(
    dataset=dict(data_root='data/synthetic_ssl', split='pretrain'))
max_epochs = 20
train_cfg = dict(max_epochs=max_epochs)
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-2, by_epoch=True, begin=0, end=1,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', T_max=max_epochs - 1, eta_min=0.0,
         by_epoch=True, begin=1, end=max_epochs, convert_to_iter_based=True),
]
default_hooks = dict(checkpoint=dict(interval=max_epochs))
