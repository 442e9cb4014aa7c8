# Pretext x head comparison: SS-VAERR backbone (3D stem + ResNet18),
# gru trunk,
# initialised from the byol pretext (synthetic-mini), fine-tuned.
_base_ = ['./_base_/mtl-va-expr_r18-stem3d_synthetic-mini.py',
          './_base_/trunks.py']
model = dict(
    backbone=dict(init_cfg=dict(type='Pretrained', prefix='backbone.',
                                checkpoint=_base_.checkpoints['byol'])),
    cls_head=dict(trunk=_base_.gru))
