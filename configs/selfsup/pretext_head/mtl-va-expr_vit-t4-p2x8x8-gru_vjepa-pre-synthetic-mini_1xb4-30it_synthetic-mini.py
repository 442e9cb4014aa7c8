# Pretext x head comparison: VideoViT-Tiny (4 blocks, 2x8x8 tubelets),
# gru trunk,
# initialised from the vjepa pretext (synthetic-mini), fine-tuned.
_base_ = ['./_base_/mtl-va-expr_r18-stem3d_synthetic-mini.py',
          './_base_/trunks.py']
model = dict(
    **_base_.vit_recognizer,
    backbone=dict(_base_.vit, init_cfg=dict(
        type='Pretrained', prefix='backbone.',
        checkpoint=_base_.checkpoints['vjepa'])),
    cls_head=dict(in_channels=_base_.vit_channels, trunk=_base_.gru))
