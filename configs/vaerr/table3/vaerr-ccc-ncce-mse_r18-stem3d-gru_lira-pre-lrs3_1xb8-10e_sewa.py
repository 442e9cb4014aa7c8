# Table III, SEWA: loss CCC + nCCE + MSE
# (weights per component; a list is (arousal, valence)); LiRA-pretrained,
# fine-tuned (every layer trained).
_base_ = ['../../_base_/paper/sewa.py', '../../_base_/paper/pretext_lrs3.py']
model = dict(
    backbone=dict(init_cfg=dict(type='Pretrained', prefix='backbone.',
                                checkpoint=_base_.lira_checkpoint)),
    cls_head=dict(loss_va=dict(weights=dict(_delete_=True, ccc=0.5, ncce=0.25, mse=0.25))))
