# SS-VAERR downstream on a MAE-pretrained VideoViT (4-block ViT-Tiny, 2x8x8
# tubelets) + the paper's 2-layer BiGRU head, fine-tuned on the embedded
# synthetic faces. Each frame gets the features of the tubelet holding it
# (frame_unfold='repeat'). Pretrain first:
#   python tools/train.py configs/selfsup/mae_vit-t4-p2x8x8_1xb8-5e_synthetic.py
_base_ = ['../vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py']
pretext_checkpoint = 'work_dirs/mae_vit-t4-p2x8x8_1xb8-5e_synthetic/epoch_5.pth'
model = dict(
    backbone=dict(
        _delete_=True, type='VideoViT', arch='tiny', depth=4, in_channels=1,
        patch_size=8, tubelet_size=2, frame_unfold='repeat',
        init_cfg=dict(type='Pretrained', checkpoint=pretext_checkpoint,
                      prefix='backbone.')),
    cls_head=dict(in_channels=192))
