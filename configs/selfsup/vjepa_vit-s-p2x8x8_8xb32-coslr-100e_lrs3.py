# V-JEPA pretext on LRS3 faces, 8 GPUs x 32 clips of 16 frames, 100 epochs:
# a full ViT-Small (384-d, 12 blocks, 6 heads) context encoder on 2x8x8
# tubelets, its EMA target (0.998 -> 1, linear), a 6-block 192-d predictor.
# lr 6.25e-4 at batch 256 (V-JEPA: 6.25e-4 at 3072, kept here for a
# shorter run), AdamW betas (0.9, 0.95), weight decay 0.04.
_base_ = [
    '_base_/models/vjepa_vit-t4-p2x8x8.py',
    '_base_/datasets/lrs3_pretext.py',
    '_base_/views/masked_views.py',
    '_base_/schedules/adamw-coslr-100e.py',
    '_base_/default_runtime.py',
]
model = dict(
    backbone=dict(arch='small', depth=None),
    head=dict(in_channels=384, embed_dims=192, depth=6, num_heads=3))
train_dataloader = dict(
    dataset=dict(pipeline=_base_.decode_pipeline + _base_.view_pipeline))
optim_wrapper = dict(optimizer=dict(lr=6.25e-4, betas=(0.9, 0.95),
                                    weight_decay=0.04))
