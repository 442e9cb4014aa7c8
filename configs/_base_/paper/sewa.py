# The paper's SEWA setting (SS-VAERR, Jegorova et al., FG 2023, Sec. V;
# https://arxiv.org/abs/2210.11341): 3D stem + ResNet18 + 2-layer BiGRU,
# 200-frame training segments, batch 8, AdamW (wd 1e-4) at a constant
# initial LR, no LR schedule, no gradient clipping, 10 epochs, the SEWA
# mean/std, no test-time clipping of predictions, loss 0.5 CCC + 0.25 CE +
# 0.25 MSE on both dimensions (Table III best for SEWA).
_base_ = [
    '../models/vaerr_r18-stem3d_gru.py',
    '../datasets/sewa.py',
    '../schedules/adamw_10e.py',
    '../va_runtime.py',
]
# SEWA's initial LR: 3e-4, the top of the paper's 3e-4 .. 7e-5 range (the
# authors' release trains SEWA with --lr 0.0003).
optim_wrapper = dict(optimizer=dict(lr=3e-4))
# the dataset's own mean/std (configs/_base_/datasets/stats/sewa.json)
model = dict(data_preprocessor=dict(mean=_base_.pixel_mean,
                                    std=_base_.pixel_std))
