# BYOL with face-preserving views: ./byol_r18-stem3d_1xb8-20e_synthetic-ssl.py
# (the pretext stage of tools/ssl_experiment.py, 20 epochs on the unlabelled
# 'pretrain' subjects) with one change, the crop. BYOL's crop (scale 0.2-1,
# aspect 3/4-4/3) can give one view the mouth and the other the eyes, and
# the loss then rewards what the two share: on a face crop, mostly who the
# person is. The linear probe of that pretext's frozen features
# (tools/analysis/linear_probe.py, docs/experiments.md) held less arousal
# than the initial weights. Here both views keep the whole face (70-100 %
# of its area, aspect 0.9-1.1: the downstream framing jitter), so the
# expression cues are in both; BYOL's flip, photometric jitter, blur and
# solarisation stay. Inherits the 5-epoch config (not the 20-epoch one) to
# stay within 3 levels, so the 20-epoch schedule is repeated here.
_base_ = ['./byol_r18-stem3d_1xb8-5e_synthetic.py']
face_crop = dict(type='ClipRandomResizedCrop', size=96, scale=(0.7, 1.0),
                 ratio=(0.9, 1.1))
view_pipeline = _base_.view_pipeline
for view in view_pipeline[0].transforms:
    view[0] = face_crop
train_dataloader = dict(
    dataset=dict(data_root='data/synthetic_ssl', split='pretrain',
                 pipeline=_base_.decode_pipeline + view_pipeline))
max_epochs = 20
train_cfg = dict(max_epochs=max_epochs)
param_scheduler = _base_.param_scheduler
param_scheduler[1].update(T_max=max_epochs - 1, end=max_epochs)
default_hooks = dict(checkpoint=dict(interval=max_epochs))
