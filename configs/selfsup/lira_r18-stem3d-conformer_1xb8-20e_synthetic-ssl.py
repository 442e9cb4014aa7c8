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
# the parent's warm-up and cosine (its eta_min), the cosine to the end
param_scheduler = _base_.param_scheduler
param_scheduler[1].update(T_max=max_epochs - 1, end=max_epochs)
default_hooks = dict(checkpoint=dict(interval=max_epochs))
