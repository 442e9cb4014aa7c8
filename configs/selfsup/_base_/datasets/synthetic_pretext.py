# The embedded synthetic face videos (canonical layout, train split):
#   data/synthetic/videos/sNN/vMM.mp4, data/synthetic/splits/train.txt
# (python tools/data/generate_synthetic.py data/synthetic). Labels unused.
# Same decoding as LRS3, with short 8-frame windows and a CPU-sized loader.
_base_ = ['./lrs3_pretext.py']
data_root = 'data/synthetic'
clip_len = 8
decode_pipeline = _base_.decode_pipeline
decode_pipeline[1].clip_len = clip_len  # SampleFrames
train_dataloader = dict(
    batch_size=8,
    num_workers=2,
    dataset=dict(_delete_=True, type='UnlabelledVideoDataset',
                 data_root=data_root, layout='canonical', split='train'))
