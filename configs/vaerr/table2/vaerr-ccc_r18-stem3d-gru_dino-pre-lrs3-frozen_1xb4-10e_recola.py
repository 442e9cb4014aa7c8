# Table II, RECOLA: DINO-pretrained (LRS3), "frozen" (only the first 3D conv fixed),
# CCC-only loss (Sec. V-B).
_base_ = ['../../_base_/paper/recola.py', '../../_base_/paper/pretext_lrs3.py']
model = dict(
    backbone=dict(init_cfg=dict(type='Pretrained', prefix='backbone.',
                                checkpoint=_base_.dino_checkpoint),
                  frozen='stem_conv'),
    cls_head=dict(loss_va=dict(weights=dict(_delete_=True, ccc=1.0))))
