# mmaction2's X3D-S (Feichtenhofer, CVPR 2020) on one-channel faces under our
# GRU head. X3D keeps time (no temporal stride) and gives (N, 432, T, h, w).
_base_ = ['../vaerr/vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py']
model = dict(
    backbone=dict(_delete_=True, type='X3D', gamma_w=1, gamma_b=2.25,
                  gamma_d=2.2, in_channels=1),
    cls_head=dict(in_channels=432))
