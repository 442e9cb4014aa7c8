# BYOL's two asymmetric views (Grill et al. 2020, App. B, Table 6) for
# grayscale 96x96 faces; every draw is per view, shared by its frames.
# - crop scale (0.2, 1) instead of (0.08, 1): the input is already a tight
#   face crop, below ~20 % of it little of the face remains;
# - colour jitter keeps brightness/contrast 0.4 (p 0.8); saturation, hue and
#   random grayscale do not apply to grayscale frames;
# - blur sigma (0.1, 2.0) px at 224 px scaled to 96 px: (0.1, 0.9).
crop = dict(type='ClipRandomResizedCrop', size=96, scale=(0.2, 1.0))
flip = dict(type='Flip', flip_ratio=0.5)
jitter = dict(type='ClipBrightnessContrast', brightness=0.4, contrast=0.4,
              p=0.8)
view_1 = [crop, flip, jitter,
          dict(type='ClipGaussianBlur', sigma=(0.1, 0.9), p=1.0)]
view_2 = [crop, flip, jitter,
          dict(type='ClipGaussianBlur', sigma=(0.1, 0.9), p=0.1),
          dict(type='ClipSolarize', threshold=128, p=0.2)]
view_pipeline = [
    dict(type='MultiView', transforms=[view_1, view_2], num_views=[1, 1]),
    dict(type='PackSelfSupInputs'),
]
