# Table II: LIRA-pretrained backbone, "frozen" as in the paper: only the
# first 3D conv is fixed (frozen='all' fixes stem + ResNet18, found worse).
_base_ = ['./vaerr_r18-stem3d-gru_lira-pre-lrs3_1xb4-10e_recola.py']
model = dict(backbone=dict(frozen='stem_conv'))
