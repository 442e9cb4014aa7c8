# LRS3 after face preprocessing (96x96 grayscale-able face crops):
#   data/lrs3/{pretrain,trainval,test}/<speaker>/<utt>.mp4
# One random window of 16 consecutive frames (0.64 s at 25 fps) per clip.
data_root = 'data/lrs3'
clip_len = 16
decode_pipeline = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=clip_len, frame_interval=1,
         num_clips=1),
    dict(type='DecordDecode'),
    dict(type='ToGray'),
]
train_dataloader = dict(
    batch_size=32,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    collate_fn=dict(type='pseudo_collate'),
    drop_last=True,
    dataset=dict(type='UnlabelledVideoDataset', data_root=data_root,
                 layout='lrs3', subsets=('pretrain', 'trainval')))
