# LiRA pretext (Ma et al., Interspeech 2021, https://arxiv.org/abs/2106.09171)
# on LRS3 faces: ResNet18Stem3D -> 12-block Conformer -> linear -> per-frame
# PASE+ features of the clip's own audio, L1 loss; 8 GPUs x 32 clips.
#
# Targets: PASE+ (Ravanelli et al., ICASSP 2020) cannot be downloaded here,
# so the user extracts it (or any other feature) once per video at 100 Hz:
#   data/lrs3_pase/{pretrain,trainval}/<speaker>/<utt>.npy  (T_feat, 256)
# (same relative path as the video). LoadAudioTargets averages the four
# 10 ms features inside each 40 ms video frame (resample_mode='stack' keeps
# them as 4 x 256 = 1024 targets per frame; set head.out_channels to match).
# Without PASE+, use kind='logmel' (out_channels=80), as the synthetic
# config does.
#
# Encoder: the Conformer of Ma et al.'s visual speech recogniser (ICASSP
# 2021) that LiRA reuses: 12 blocks, d=256, 4 heads, feed-forward 2048
# (ffn_ratio 8), depthwise kernel 31. Positions: learned relative bias
# (the original uses Transformer-XL relative encodings).
# Input: the 96x96 grayscale face crops of the downstream task (LiRA used
# 96x96 mouth crops), random 88x88 crop + horizontal flip as in LiRA.
# Schedule: the shared AdamW + 10-epoch warm-up + cosine schedule of the
# pretext configs (LiRA's own optimiser settings are not reproduced).
_base_ = [
    '_base_/datasets/lrs3_pretext.py',
    '_base_/schedules/adamw-coslr-100e.py',
    '_base_/default_runtime.py',
]
target_dim = 256
model = dict(
    type='LiRA',
    backbone=dict(type='ResNet18Stem3D', in_channels=1, out_format='nct'),
    neck=dict(type='ConformerEncoder', in_channels=512, embed_dims=256,
              num_layers=12, num_heads=4, ffn_ratio=8.0,
              conv_kernel_size=31, dropout=0.1, pos_enc='rel_bias'),
    head=dict(type='LiRAHead', in_channels=256, out_channels=target_dim,
              loss=dict(type='FrameL1Loss')))

# 2.56 s windows: long enough for the Conformer to use context.
clip_len = 64
lira_decode = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=clip_len, frame_interval=1,
         num_clips=1),
    dict(type='DecordDecode'),
    dict(type='ToGray'),
]
lira_aug = [dict(type='RandomCrop', size=88),
            dict(type='Flip', flip_ratio=0.5)]
audio_targets = dict(
    type='LoadAudioTargets', kind='precomputed',
    feature_root='data/lrs3_pase', feature_rate=100.0,
    resample_mode='mean', tolerance_s=0.1, normalize=False)
lira_pack = [
    dict(type='FormatShape', input_format='NCTHW', collapse=True),
    dict(type='PackActionInputs',
         meta_keys=('video_id', 'filename', 'frame_inds'),
         algorithm_keys=('audio_target', 'audio_mask')),
]
train_dataloader = dict(dataset=dict(
    pipeline=lira_decode + lira_aug + [audio_targets] + lira_pack))
