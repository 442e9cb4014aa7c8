# LiRA pretext on the embedded synthetic faces: 1 process (CPU is fine),
# 8 clips of 16 frames, 5 epochs. Targets: 80-band log-mel of each video's
# own audio track (its loudness follows the mouth opening, its pitch the
# arousal), one vector per video frame, normalised per video. A 4-block
# d=128 Conformer keeps the run to minutes on a CPU. Generate the data:
#   python tools/data/generate_synthetic.py data/synthetic
_base_ = [
    '_base_/models/lira_r18-stem3d-conformer.py',
    '_base_/datasets/lrs3_lira.py',
    '_base_/schedules/adamw-coslr-5e.py',
    '_base_/default_runtime.py',
]

target_dim = 80
model = dict(
    neck=dict(embed_dims=128, num_layers=4, num_heads=4, ffn_ratio=4.0,
              conv_kernel_size=15),
    head=dict(in_channels=128, out_channels=target_dim))

data_root = 'data/synthetic'
clip_len = 16
lira_decode = _base_.lira_decode
lira_decode[1].clip_len = clip_len  # SampleFrames
audio_targets = dict(type='LoadAudioTargets', kind='logmel',
                     n_mels=target_dim, normalize=True, cache_size=512)
train_dataloader = dict(
    batch_size=8,
    num_workers=2,
    dataset=dict(
        _delete_=True, type='UnlabelledVideoDataset', data_root=data_root,
        layout='canonical', split='train',
        pipeline=lira_decode + _base_.lira_aug + [audio_targets] +
        _base_.lira_pack))

default_hooks = dict(logger=dict(interval=1),
                     checkpoint=dict(interval=_base_.max_epochs))
