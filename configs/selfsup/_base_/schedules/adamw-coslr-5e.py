# 5 epochs for the 1-process runs on the synthetic faces (8 clips a batch):
# the AdamW of adamw-coslr-100e.py, its lr 1e-3 kept (not scaled down to
# batch 8) so that 5 short epochs move; 1 linear warm-up epoch, then cosine
# decay to eta_min at the last epoch. A config that changes eta_min or the
# epochs updates param_scheduler[1] (the cosine) in place.
_base_ = ['./adamw-coslr-100e.py']
max_epochs = 5
train_cfg = dict(max_epochs=max_epochs)
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-2, by_epoch=True, begin=0, end=1,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', T_max=max_epochs - 1, eta_min=0.0,
         by_epoch=True, begin=1, end=max_epochs, convert_to_iter_based=True),
]
