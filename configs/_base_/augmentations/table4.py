# Downstream training augmentations of SS-VAERR (Jegorova et al., FG 2023,
# https://arxiv.org/abs/2210.11341, Table IV), one list of transform dicts per
# table row. They act on the frames of a decoded clip *after* ToGray, i.e. on
# lists of (H, W, 1) uint8 face crops (96x96 in this project). Flip, crop,
# crop-out and missing frames draw once per clip (the same flip, window and
# patches on every frame); solarisation and salt-and-pepper draw per image.
#
# Use from a config (classic `_base_` inheritance):
#
#   _base_ = ['../_base_/default_runtime.py',
#             '../_base_/augmentations/table4.py']
#   train_pipeline = [
#       dict(type='DecordInit'), dict(type='DecordDecode'),
#       dict(type='ToGray'),
#       *_base_.aug_flip_missing_frames,  # `_base_.x` works in expressions
#       dict(type='FormatShape', input_format='NCTHW'), ...]
#   aug = {{_base_.aug_flip}}  # `{{_base_.x}}` only as a whole value
#
# Every variable below becomes a key of the child config (harmless: the
# runner only reads the keys it knows).
#
# mmaction2's own transforms are reused where they already do the job:
# - `Flip` draws one decision per clip and flips every (H, W, 1) frame. It
#   reads `results['modality']` (set by mmaction2's BaseActionDataset) and
#   flips in place with OpenCV.
# - `RandomCrop` draws one window per clip, applies it to every frame and keeps
#   the channel axis.
#
# Random crop (the lip-reading convention the paper follows): training takes
# a random s x s window of each clip, testing the central s x s window
# (`test_crop_*`, to put between test_load and train_pack), so train and test
# see faces at the same scale; the backbone is fully convolutional with
# global pooling, so the s x s input needs no resizing.
# - RECOLA: the paper's 80x80 crop of a 96x96 face, exactly (83% of the side).
# - SEWA: the paper's 110x110 crop must come from a larger face image. We
#   assume 128x128 SEWA faces (the authors' release uses crop-out patches
#   4/3 larger for SEWA than for 96-pixel RECOLA faces: 28 vs 21 px), i.e. a
#   window of 110/128 = 86% of the side; on this project's 96x96 faces that
#   is round(96 * 110 / 128) = 82 px (`crop_size_sewa`; set 110 for faces
#   preprocessed at 128 px).
# Option (not the paper's): `aug_crop_resize_*` resizes the crop back to
# 96x96 (a zoom-and-shift augmentation); test then sees whole, unzoomed
# faces. mmaction2's `Resize` (cv2) drops the channel axis of one-channel
# frames; the trailing `ToGray` restores the (H, W, 1) layout.
#
# Combinations of two: the paper evaluates "combinations of two" without
# listing them. We provide horizontal flip paired with each other
# augmentation, and each spatial augmentation (crop, crop-out) paired with the
# temporal one (missing frames). Order inside a pipeline: crop -> flip ->
# crop-out / solarisation / salt-and-pepper -> missing frames, so that missing
# frames stay pure black and the flip follows the crop (mmaction2's
# requirement for `crop_quadruple`).

aug_none = []

aug_flip = [dict(type='Flip', flip_ratio=0.5, direction='horizontal')]

crop_size_sewa = 82
crop_size_recola = 80
aug_crop_sewa = [dict(type='RandomCrop', size=crop_size_sewa)]
aug_crop_recola = [dict(type='RandomCrop', size=crop_size_recola)]
test_crop_sewa = [dict(type='CenterCrop', crop_size=crop_size_sewa)]
test_crop_recola = [dict(type='CenterCrop', crop_size=crop_size_recola)]
aug_crop_resize_sewa = aug_crop_sewa + [
    dict(type='Resize', scale=(96, 96), keep_ratio=False), dict(type='ToGray')]
aug_crop_resize_recola = aug_crop_recola + [
    dict(type='Resize', scale=(96, 96), keep_ratio=False), dict(type='ToGray')]

aug_cropout = [dict(type='CropOut', num_patches=5, patch_size=21)]

aug_missing_frames = [dict(type='MissingFrames', ratio=0.2)]

aug_solarize = [dict(type='Solarize', ratio=0.2)]

aug_salt_pepper = [
    dict(type='SaltPepper', amount=0.05, salt_vs_pepper=0.5, prob=1.0)
]

# Combinations of two.
aug_flip_crop_sewa = aug_crop_sewa + aug_flip
aug_flip_crop_recola = aug_crop_recola + aug_flip
aug_flip_cropout = aug_flip + aug_cropout
aug_flip_missing_frames = aug_flip + aug_missing_frames
aug_flip_solarize = aug_flip + aug_solarize
aug_flip_salt_pepper = aug_flip + aug_salt_pepper
aug_crop_missing_frames_sewa = aug_crop_sewa + aug_missing_frames
aug_crop_missing_frames_recola = aug_crop_recola + aug_missing_frames
aug_cropout_missing_frames = aug_cropout + aug_missing_frames
