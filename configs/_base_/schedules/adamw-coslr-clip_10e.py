# Not the paper's schedule (that is ./adamw_10e.py): AdamW (wd 1e-4), lr
# 3e-4 annealed to 7e-5 (cosine), gradient clipping at norm 10, 10 epochs.
# Kept as a named option for the synthetic / quickstart configs, whose
# measured numbers were made with it.
_base_ = ['./adamw_10e.py']
optim_wrapper = dict(clip_grad=dict(max_norm=10.0))
param_scheduler = [
    dict(type='CosineAnnealingLR', by_epoch=True, begin=0, end=10,
         T_max=10, eta_min=7e-5, convert_to_iter_based=True)
]
