# LiRA pretext (Ma et al., Interspeech 2021, https://arxiv.org/abs/2106.09171)
# on LRS3 faces: ResNet18Stem3D -> 12-block Conformer -> linear -> per-frame
# PASE+ features of the clip's own audio, L1 loss; 8 GPUs x 32 clips.
# Model: _base_/models/lira_r18-stem3d-conformer.py; data, crop and targets
# (user-extracted PASE+ files): _base_/datasets/lrs3_lira.py.
# Schedule: the shared AdamW + 10-epoch warm-up + cosine schedule of the
# pretext configs (LiRA's own optimiser settings are not reproduced).
_base_ = [
    '_base_/models/lira_r18-stem3d-conformer.py',
    '_base_/datasets/lrs3_lira.py',
    '_base_/schedules/adamw-coslr-100e.py',
    '_base_/default_runtime.py',
]
