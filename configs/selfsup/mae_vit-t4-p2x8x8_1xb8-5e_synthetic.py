# MAE pretext on the embedded synthetic faces: 1 process (CPU is fine),
# 8 clips of 8 frames, 5 epochs. Generate the data first:
#   python tools/data/generate_synthetic.py data/synthetic
_base_ = [
    '_base_/models/mae_vit-t4-p2x8x8.py',
    '_base_/datasets/synthetic_pretext.py',
    '_base_/views/masked_views.py',
    '_base_/schedules/adamw-coslr-5e.py',
    '_base_/default_runtime.py',
]
train_dataloader = dict(
    dataset=dict(pipeline=_base_.decode_pipeline + _base_.view_pipeline))
# ViT recipe: AdamW betas (0.9, 0.95), weight decay 0.05.
optim_wrapper = dict(optimizer=dict(lr=5e-4, betas=(0.9, 0.95),
                                    weight_decay=0.05))
param_scheduler = _base_.param_scheduler
param_scheduler[1].eta_min = 1e-6  # CosineAnnealingLR
default_hooks = dict(logger=dict(interval=1),
                     checkpoint=dict(interval=_base_.max_epochs))
