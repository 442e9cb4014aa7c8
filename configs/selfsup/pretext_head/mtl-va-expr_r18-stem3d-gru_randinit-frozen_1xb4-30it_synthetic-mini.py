# Pretext x head comparison, frozen-encoder probe control: the SS-VAERR
# backbone (3D stem + ResNet18) at its random initialisation, kept fixed
# (frozen='all'); only the GRU trunk and the task layers train. A pretext
# whose frozen features do no better than these random ones learned nothing
# the labels need.
_base_ = ['./_base_/mtl-va-expr_r18-stem3d_synthetic-mini.py',
          './_base_/trunks.py']
model = dict(backbone=dict(frozen='all'), cls_head=dict(trunk=_base_.gru))
