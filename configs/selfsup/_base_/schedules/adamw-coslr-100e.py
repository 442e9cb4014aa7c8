# 100 epochs: 10 linear warm-up epochs then cosine decay to 0 (both papers
# warm up for 10 epochs). Learning rates are set for a total batch of 256
# (8 GPUs x 32); auto_scale_lr rescales them linearly when enabled.
# mmengine/mmaction2 ship no LARS, so AdamW is used; biases and norm layers
# get no weight decay (as BYOL excludes them from LARS/decay).
max_epochs = 100
warmup_epochs = 10
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=max_epochs)
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=1e-3, betas=(0.9, 0.999),
                   weight_decay=1e-4),
    paramwise_cfg=dict(norm_decay_mult=0.0, bias_decay_mult=0.0))
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-3, by_epoch=True, begin=0,
         end=warmup_epochs, convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', T_max=max_epochs - warmup_epochs,
         eta_min=0.0, by_epoch=True, begin=warmup_epochs, end=max_epochs,
         convert_to_iter_based=True),
]
auto_scale_lr = dict(enable=False, base_batch_size=256)
