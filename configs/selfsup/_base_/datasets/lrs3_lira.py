# LiRA's data on LRS3 faces: 2.56 s windows (long enough for the Conformer to
# use context), a random 80x80 crop of the 96x96 face + horizontal flip
# (SS-VAERR's LiRA setting; `lira_crop_size`, LiRA's own lip crops use 88),
# and the audio targets of each clip.
#
# Targets: PASE+ (Ravanelli et al., ICASSP 2020) cannot be downloaded here,
# so the user extracts it (or any other feature) once per video at 100 Hz:
#   data/lrs3_pase/{pretrain,trainval}/<speaker>/<utt>.npy  (T_feat, 256)
# (same relative path as the video). LoadAudioTargets averages the four
# 10 ms features inside each 40 ms video frame (resample_mode='stack' keeps
# them as 4 x 256 = 1024 targets per frame; set head.out_channels to match).
# Without PASE+, use kind='logmel' (out_channels=80), as the synthetic
# configs do.
_base_ = ['./lrs3_pretext.py']
clip_len = 64
lira_decode = [
    dict(type='DecordInit'),
    dict(type='SampleFrames', clip_len=clip_len, frame_interval=1,
         num_clips=1),
    dict(type='DecordDecode'),
    dict(type='ToGray'),
]
lira_crop_size = 80
lira_aug = [dict(type='RandomCrop', size=lira_crop_size),
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
