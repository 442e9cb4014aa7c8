# One view per clip for the masked pretexts (MAE, V-JEPA), drawn once per
# clip and shared by its frames: random resized crop + horizontal flip, the
# augmentations of VideoMAE (multi-scale crop) and V-JEPA (scale 0.3-1,
# aspect 0.75-1.35). Scale (0.5, 1) instead: the input is already a tight
# face crop. No photometric jitter (the target is the pixels / features).
view = [dict(type='ClipRandomResizedCrop', size=96, scale=(0.5, 1.0),
             ratio=(0.75, 1.35)),
        dict(type='Flip', flip_ratio=0.5)]
view_pipeline = [
    dict(type='MultiView', transforms=[view], num_views=[1]),
    dict(type='PackSelfSupInputs'),
]
