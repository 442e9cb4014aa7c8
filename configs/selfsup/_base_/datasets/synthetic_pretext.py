# The embedded synthetic face videos (canonical layout, train split):
#   data/synthetic/videos/sNN/vMM.mp4, data/synthetic/splits/train.txt
# (python tools/data/generate_synthetic.py data/synthetic). Labels unused.
data_root = 'data/synthetic'
clip_len = 8
decode_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=clip_len, frame_interval=1,
         num_clips=1),
    dict(type='DecordDecode'),
    dict(type='ToGray'),
]
train_dataloader = dict(
    batch_size=8,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    collate_fn=dict(type='pseudo_collate'),
    drop_last=True,
    dataset=dict(type='UnlabelledVideoDataset', data_root=data_root,
                 layout='canonical', split='train'))
