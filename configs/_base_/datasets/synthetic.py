# Synthetic face videos (tools/data/generate_synthetic.py), 25 fps, subject-disjoint splits.
# pixel_mean / pixel_std: ./stats/synthetic.json (tools/data/compute_mean_std.py)
_base_ = ['./va_video.py', './stats/synthetic.json']
data_root = 'data/synthetic'
clip_len = 100
train_load = _base_.train_load
train_load[1].clip_len = clip_len  # SampleVASegment
train_pipeline = train_load + _base_.train_aug + _base_.train_pack
train_dataloader = dict(
    batch_size=4,
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(data_root=data_root))
test_dataloader = dict(dataset=dict(data_root=data_root))
