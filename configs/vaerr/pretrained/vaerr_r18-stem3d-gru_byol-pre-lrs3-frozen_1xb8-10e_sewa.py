# Table II: BYOL-pretrained backbone, "frozen" as in the paper: only the
# first 3D conv is fixed (frozen='all' fixes stem + ResNet18, found worse).
_base_ = ['./vaerr_r18-stem3d-gru_byol-pre-lrs3_1xb8-10e_sewa.py']
model = dict(backbone=dict(frozen='stem_conv'))
