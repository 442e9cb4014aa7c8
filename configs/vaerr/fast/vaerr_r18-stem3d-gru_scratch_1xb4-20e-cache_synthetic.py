# Quickstart with decoded-frame caching only (fp32, same model and numbers):
# every video is decoded once into <video>.gray.npy (uint8) and training
# reads its random segments from that memmap, so 2 dataloader workers keep
# up with the model. Frames are identical to DecordDecode + ToGray.
_base_ = ['../vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py']
custom_imports = dict(
    imports=['mmaction_vaerr', 'mmaction_vaerr.utils',
             'mmaction_vaerr.datasets.transforms.frame_cache'],
    allow_failed_imports=False)
clip_len = 100
cached_load = [
    dict(type='GrayCacheInit'),
    dict(type='SampleVASegment', clip_len=clip_len),
    dict(type='GrayCacheDecode'),
]
cached_test_load = [
    dict(type='GrayCacheInit'),
    dict(type='SampleVASegment', clip_len=None),
    dict(type='GrayCacheDecode'),
]
train_dataloader = dict(
    num_workers=2, persistent_workers=True,
    dataset=dict(pipeline=cached_load + _base_.train_aug + _base_.train_pack))
val_dataloader = dict(
    dataset=dict(pipeline=cached_test_load + _base_.train_pack))
test_dataloader = val_dataloader
