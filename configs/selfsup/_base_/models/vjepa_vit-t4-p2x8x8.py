# V-JEPA (Bardes et al. 2024) on grayscale 96x96 faces: a 4-block ViT-Tiny
# (192-d, 3 heads) context encoder on 2x8x8 tubelets, an EMA target
# encoder (momentum 0.998 -> 1, linear, written as the weight of the new
# value 0.002 -> 0), a 4-block 96-d predictor (V-JEPA: 12 blocks of 384 for
# ViT-L), L1 on layer-normalised target features. Masks: 8 blocks at 15 %
# and 2 at 70 % of the frame, spanning the clip (the model's defaults).
encoder_dims = 192
model = dict(
    type='VJEPA',
    base_momentum=0.002,
    end_momentum=0.0,
    momentum_schedule='linear',
    backbone=dict(type='VideoViT', arch='tiny', depth=4, in_channels=1,
                  patch_size=8, tubelet_size=2),
    head=dict(type='VJEPAHead', in_channels=encoder_dims, embed_dims=96,
              depth=4, num_heads=3, loss=dict(type='FeatureL1Loss')))
