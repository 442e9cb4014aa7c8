# MAE / VideoMAE (He et al. 2022; Tong et al. 2022) on grayscale 96x96
# faces: a 4-block ViT-Tiny (192-d, 3 heads) on 2x8x8 tubelets (a 12x12
# grid per 2 frames), tube masking at 90 %, a 4-block 96-d decoder
# (VideoMAE: 4 blocks at half the encoder width or less), MSE on per-patch
# normalised pixels of the masked tubelets.
encoder_dims = 192
model = dict(
    type='MAE',
    mask_ratio=0.9,
    backbone=dict(type='VideoViT', arch='tiny', depth=4, in_channels=1,
                  patch_size=8, tubelet_size=2),
    head=dict(type='MAEHead', in_channels=encoder_dims,
              patch_dims=1 * 2 * 8 * 8, embed_dims=96, depth=4, num_heads=3,
              norm_pix=True, loss=dict(type='PatchMSELoss')))
