# Pretext x head comparison, frozen-encoder probe: SS-VAERR backbone (3D
# stem + ResNet18) initialised from the dino pretext (synthetic-mini) and
# kept fixed (frozen='all': no gradient, BatchNorm statistics of the
# pretext); only the GRU trunk and the task layers train.
_base_ = ['./_base_/mtl-va-expr_r18-stem3d_synthetic-mini.py',
          './_base_/trunks.py']
model = dict(
    backbone=dict(frozen='all', init_cfg=dict(
        type='Pretrained', prefix='backbone.',
        checkpoint=_base_.checkpoints['dino'])),
    cls_head=dict(trunk=_base_.gru))
