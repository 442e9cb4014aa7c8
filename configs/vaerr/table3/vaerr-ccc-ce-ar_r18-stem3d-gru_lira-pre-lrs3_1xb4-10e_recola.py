# Table III, RECOLA: loss arousal 0.66 CCC + 0.34 CE, valence CCC
# (weights per component; a list is (arousal, valence)); LiRA-pretrained,
# fine-tuned (every layer trained).
_base_ = ['../../_base_/paper/recola.py', '../../_base_/paper/pretext_lrs3.py']
model = dict(
    backbone=dict(init_cfg=dict(type='Pretrained', prefix='backbone.',
                                checkpoint=_base_.lira_checkpoint)),
    cls_head=dict(loss_va=dict(weights=dict(_delete_=True, ccc=[0.66, 1.0], ce=[0.34, 0.0]))))
