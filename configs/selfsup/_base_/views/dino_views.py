# DINO multi-crop (Caron et al. 2021, Sec. 3.1 / App.) for 96x96 faces:
# 2 global views at 96 px (scale 0.4-1) and 6 local views at 48 px
# (scale 0.05-0.4), i.e. the paper's 224/96 px with the same ratio of about
# 1/2; local views are not upsampled (the backbone is convolutional and
# pools its features). Global views first: the teacher sees views 0 and 1.
global_crop = dict(type='ClipRandomResizedCrop', size=96, scale=(0.4, 1.0))
local_crop = dict(type='ClipRandomResizedCrop', size=48, scale=(0.05, 0.4))
flip = dict(type='Flip', flip_ratio=0.5)
jitter = dict(type='ClipBrightnessContrast', brightness=0.4, contrast=0.4,
              p=0.8)
global_1 = [global_crop, flip, jitter,
            dict(type='ClipGaussianBlur', sigma=(0.1, 0.9), p=1.0)]
global_2 = [global_crop, flip, jitter,
            dict(type='ClipGaussianBlur', sigma=(0.1, 0.9), p=0.1),
            dict(type='ClipSolarize', threshold=128, p=0.2)]
local = [local_crop, flip, jitter,
         dict(type='ClipGaussianBlur', sigma=(0.1, 0.9), p=0.5)]
num_local_views = 6
view_pipeline = [
    dict(type='MultiView', transforms=[global_1, global_2, local],
         num_views=[1, 1, num_local_views]),
    dict(type='PackSelfSupInputs'),
]
