# The paper's schedule (SS-VAERR, Sec. V): AdamW, weight decay 1e-4, a
# constant learning rate set per dataset (configs/_base_/paper/*.py: the
# paper's range is 3e-4 .. 7e-5), no LR schedule, no gradient clipping,
# 10 epochs. The cosine + clipping variant is ./adamw-coslr-clip_10e.py.
max_epochs = 10
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=max_epochs,
                 val_begin=1, val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(
    optimizer=dict(type='AdamW', lr=3e-4, weight_decay=1e-4))
param_scheduler = []
