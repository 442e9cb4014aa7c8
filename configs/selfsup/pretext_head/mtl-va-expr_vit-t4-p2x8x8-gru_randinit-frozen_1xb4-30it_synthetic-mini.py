# Pretext x head comparison, frozen-encoder probe control: VideoViT-Tiny
# (4 blocks, 2x8x8 tubelets) at its random initialisation, kept fixed
# (frozen='all'); only the GRU trunk and the task layers train.
_base_ = ['./_base_/mtl-va-expr_r18-stem3d_synthetic-mini.py',
          './_base_/trunks.py']
model = dict(
    **_base_.vit_recognizer,
    backbone=dict(_base_.vit, frozen='all'),
    cls_head=dict(in_channels=_base_.vit_channels, trunk=_base_.gru))
