# adamw-coslr.py over 30 epochs, validating every 5th (the clip-level
# emotion configs: fine-tuning and frozen-encoder probes).
_base_ = ['./adamw-coslr.py']
train_cfg = dict(max_epochs=30, val_interval=5)
param_scheduler = dict(end=30, T_max=30)
