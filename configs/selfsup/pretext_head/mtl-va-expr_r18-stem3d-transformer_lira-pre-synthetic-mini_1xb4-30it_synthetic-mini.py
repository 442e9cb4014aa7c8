# Pretext x head comparison: SS-VAERR backbone (3D stem + ResNet18),
# transformer trunk,
# initialised from the lira pretext (synthetic-mini), fine-tuned.
_base_ = ['./_base_/mtl-va-expr_r18-stem3d_synthetic-mini.py',
          './_base_/trunks.py']
model = dict(
    backbone=dict(init_cfg=dict(type='Pretrained', prefix='backbone.',
                                checkpoint=_base_.checkpoints['lira'])),
    cls_head=dict(trunk=_base_.transformer))
