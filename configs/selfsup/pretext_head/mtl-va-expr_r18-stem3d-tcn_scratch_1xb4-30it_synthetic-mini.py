# Pretext x head comparison: SS-VAERR backbone (3D stem + ResNet18),
# tcn trunk,
# trained from scratch.
_base_ = ['./_base_/mtl-va-expr_r18-stem3d_synthetic-mini.py',
          './_base_/trunks.py']
model = dict(cls_head=dict(trunk=_base_.tcn))
