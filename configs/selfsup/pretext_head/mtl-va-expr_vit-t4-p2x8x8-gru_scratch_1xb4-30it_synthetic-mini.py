# Pretext x head comparison: VideoViT-Tiny (4 blocks, 2x8x8 tubelets),
# gru trunk,
# trained from scratch.
_base_ = ['./_base_/mtl-va-expr_r18-stem3d_synthetic-mini.py',
          './_base_/trunks.py']
model = dict(**_base_.vit_recognizer, backbone=_base_.vit,
             cls_head=dict(in_channels=_base_.vit_channels,
                           trunk=_base_.gru))
