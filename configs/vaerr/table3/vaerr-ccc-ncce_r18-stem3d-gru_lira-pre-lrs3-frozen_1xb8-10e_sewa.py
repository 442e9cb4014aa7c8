# Table III, SEWA: loss CCC + nCCE
# (weights per component; a list is (arousal, valence)); LiRA-pretrained,
# "frozen" (only the first 3D conv fixed).
_base_ = ['../../_base_/paper/sewa.py', '../../_base_/paper/pretext_lrs3.py']
model = dict(
    backbone=dict(init_cfg=dict(type='Pretrained', prefix='backbone.',
                                checkpoint=_base_.lira_checkpoint),
                  frozen='stem_conv'),
    cls_head=dict(loss_va=dict(weights=dict(_delete_=True, ccc=0.5, ncce=0.5))))
