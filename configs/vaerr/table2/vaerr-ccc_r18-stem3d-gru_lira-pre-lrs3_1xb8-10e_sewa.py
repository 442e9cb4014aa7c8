# Table II, SEWA: LiRA-pretrained (LRS3), fine-tuned (every layer trained),
# CCC-only loss (Sec. V-B).
_base_ = ['../../_base_/paper/sewa.py', '../../_base_/paper/pretext_lrs3.py']
model = dict(
    backbone=dict(init_cfg=dict(type='Pretrained', prefix='backbone.',
                                checkpoint=_base_.lira_checkpoint)),
    cls_head=dict(loss_va=dict(weights=dict(_delete_=True, ccc=1.0))))
