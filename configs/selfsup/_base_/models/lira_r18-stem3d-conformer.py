# LiRA (Ma et al., Interspeech 2021, https://arxiv.org/abs/2106.09171):
# ResNet18Stem3D -> Conformer -> linear -> per-frame acoustic features of the
# clip's own audio, L1 loss. Encoder: the Conformer of Ma et al.'s visual
# speech recogniser (ICASSP 2021) that LiRA reuses: 12 blocks, d=256, 4
# heads, feed-forward 2048 (ffn_ratio 8), depthwise kernel 31. Positions:
# learned relative bias (the original uses Transformer-XL relative
# encodings).
target_dim = 256
model = dict(
    type='LiRA',
    backbone=dict(type='ResNet18Stem3D', in_channels=1, out_format='nct'),
    neck=dict(type='ConformerEncoder', in_channels=512, embed_dims=256,
              num_layers=12, num_heads=4, ffn_ratio=8.0,
              conv_kernel_size=31, dropout=0.1, pos_enc='rel_bias'),
    head=dict(type='LiRAHead', in_channels=256, out_channels=target_dim,
              loss=dict(type='FrameL1Loss')))
