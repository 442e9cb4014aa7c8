# BYOL (Grill et al. 2020) on the SS-VAERR visual frontend.
# Projector/predictor 512 -> 4096 -> 256 as in the paper (its 2048-d
# ResNet-50 input becomes the 512-d ResNet18 clip vector); target momentum
# tau 0.99 -> 1 (cosine), written as the EMA weight of the online value.
model = dict(
    type='BYOL',
    base_momentum=0.01,
    end_momentum=0.0,
    backbone=dict(type='ResNet18Stem3D'),
    neck=dict(type='ProjectionMLP', in_channels=512, hid_channels=4096,
              out_channels=256),
    head=dict(
        type='BYOLHead',
        predictor=dict(type='ProjectionMLP', in_channels=256,
                       hid_channels=4096, out_channels=256),
        loss=dict(type='BYOLLoss')))
