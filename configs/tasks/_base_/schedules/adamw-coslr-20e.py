# adamw-coslr.py over 20 epochs, validating every 5th (the per-frame task
# configs on the synthetic faces).
_base_ = ['./adamw-coslr.py']
train_cfg = dict(max_epochs=20, val_interval=5)
param_scheduler = dict(end=20, T_max=20)
