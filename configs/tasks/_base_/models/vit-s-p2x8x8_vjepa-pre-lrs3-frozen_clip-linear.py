# Frozen-encoder linear probe of r18-stem3d_clip.py on the masked-pretext
# encoder: the video ViT-S (2x8x8 tubelets) of the V-JEPA LRS3 pretext
# (configs/selfsup/vjepa_vit-s-p2x8x8_8xb32-coslr-100e_lrs3.py), loaded from
# its EMA target encoder as V-JEPA's own evaluation does (Bardes et al.
# 2024, https://arxiv.org/abs/2404.08471) and kept fixed (frozen='all'); the
# head averages its features over space and time into one linear layer.
_base_ = ['./r18-stem3d_clip.py']
pretext_checkpoint = \
    'work_dirs/vjepa_vit-s-p2x8x8_8xb32-coslr-100e_lrs3/epoch_100.pth'
model = dict(
    backbone=dict(
        _delete_=True, type='VideoViT', arch='small', in_channels=1,
        patch_size=8, tubelet_size=2, frozen='all',
        init_cfg=dict(type='Pretrained', checkpoint=pretext_checkpoint,
                      prefix='target_net.module.')),
    cls_head=dict(in_channels=384, trunk=None, pooling='mean', dropout=0.0))
