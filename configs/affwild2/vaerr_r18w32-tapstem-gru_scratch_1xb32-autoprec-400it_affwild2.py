# The main job's recipe (configs/vaerr/vaerr_r18w32-tapstem-gru_scratch_
# 1xb32-autoprec-400it_realface.py: half-width trunk, base_channels 32, 400
# steps, residual blocks starting as the identity) on Aff-Wild2's released
# layout, read as ./vaerr_r18-tapstem-gru_scratch_1xb32-autoprec-200it_
# affwild2.py reads it (frame folders, RGB -> gray, 112 -> 96 px, -5 rows
# masked). Same model and input normalisation as the main job, so
# work_dirs/quickstart/calibrated.pth scores on Aff-Wild2's layout under
# this config as it is (zero-shot), and a model trained here runs in the
# main job's demos. For the full release raise train_cfg.max_iters.
_base_ = ['./vaerr_r18-tapstem-gru_scratch_1xb32-autoprec-200it_affwild2.py']
max_iters = 400
model = dict(backbone=dict(base_channels=32),
             cls_head=dict(in_channels=256))
train_cfg = dict(max_iters=max_iters, val_interval=200)
param_scheduler = [
    dict(type='CosineAnnealingLR', by_epoch=False, begin=0, end=max_iters,
         T_max=max_iters, eta_min=5e-5)
]
default_hooks = dict(checkpoint=dict(interval=200))
