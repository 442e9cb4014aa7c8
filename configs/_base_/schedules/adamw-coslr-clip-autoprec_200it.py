# The main job's schedule, sized for a 2-core CPU (tools/quickstart.py and
# the configs that share its recipe): 200 steps of an iteration loop with
# validation every 100, AdamW (wd 1e-4) lr 1e-3 annealed to 5e-5 (cosine),
# gradient clipping at norm 10, and precision from the hardware for
# training, validation and test ('auto': bf16 autocast only where the CPU or
# GPU runs it natively, fp32 elsewhere; the log says which and why).
max_iters = 200
train_cfg = dict(type='IterBasedTrainLoop', max_iters=max_iters,
                 val_interval=100)
val_cfg = dict(type='PrecisionValLoop', precision='auto')
test_cfg = dict(type='PrecisionTestLoop', precision='auto')
optim_wrapper = dict(
    type='AutocastOptimWrapper', precision='auto',
    optimizer=dict(type='AdamW', lr=1e-3, weight_decay=1e-4),
    clip_grad=dict(max_norm=10.0))
param_scheduler = [
    dict(type='CosineAnnealingLR', by_epoch=False, begin=0, end=max_iters,
         T_max=max_iters, eta_min=5e-5)
]
# (configs using it also set log_processor = dict(by_epoch=False) and
# iteration-based checkpoints; the runtime base owns those keys)
