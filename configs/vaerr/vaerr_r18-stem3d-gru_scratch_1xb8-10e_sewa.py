# SS-VAERR downstream on SEWA (AVEC 2019 CES), from scratch; the paper's
# settings: 200-frame segments, AdamW wd 1e-4, lr 3e-4 -> 7e-5, 10 epochs,
# loss 0.5 CCC + 0.25 CE + 0.25 MSE (Table III best for SEWA).
# Pretrained variants: configs/vaerr/*-pre_*_sewa.py
_base_ = [
    '../_base_/models/vaerr_r18-stem3d_gru.py',
    '../_base_/datasets/sewa.py',
    '../_base_/schedules/adamw_10e.py',
    '../_base_/va_runtime.py',
]
