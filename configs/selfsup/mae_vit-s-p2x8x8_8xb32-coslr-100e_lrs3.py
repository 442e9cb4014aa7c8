# MAE pretext on LRS3 faces, 8 GPUs x 32 clips of 16 frames, 100 epochs:
# a full ViT-Small (384-d, 12 blocks, 6 heads) on 2x8x8 tubelets, decoder
# 4 blocks of 192 (VideoMAE's ViT-S decoder). lr 1.5e-4 x 256 / 256
# (MAE's base lr rule), AdamW betas (0.9, 0.95), weight decay 0.05.
_base_ = [
    '_base_/models/mae_vit-t4-p2x8x8.py',
    '_base_/datasets/lrs3_pretext.py',
    '_base_/views/masked_views.py',
    '_base_/schedules/adamw-coslr-100e.py',
    '_base_/default_runtime.py',
]
model = dict(
    backbone=dict(arch='small', depth=None),
    head=dict(in_channels=384, embed_dims=192, num_heads=3))
train_dataloader = dict(
    dataset=dict(pipeline=_base_.decode_pipeline + _base_.view_pipeline))
optim_wrapper = dict(optimizer=dict(lr=1.5e-4, betas=(0.9, 0.95),
                                    weight_decay=0.05))
