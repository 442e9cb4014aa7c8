# AdamW (wd 1e-4), lr 3e-4 cosine-annealed to 7e-5 (SS-VAERR's schedule);
# a task config sets its epochs in train_cfg and param_scheduler
# (adamw-coslr-20e.py and adamw-coslr-30e.py do it for 20 and 30).
max_epochs = 10
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=max_epochs,
                 val_begin=1, val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(
    optimizer=dict(type='AdamW', lr=3e-4, weight_decay=1e-4),
    clip_grad=dict(max_norm=10.0))
# one scheduler as a dict, so a task config overrides just end / T_max
param_scheduler = dict(type='CosineAnnealingLR', by_epoch=True, begin=0,
                       end=max_epochs, T_max=max_epochs, eta_min=7e-5,
                       convert_to_iter_based=True)
