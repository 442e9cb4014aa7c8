# Temporal trunks and the ViT backbone of the pretext x head comparison.
# Sizes: ~0.5-2 M parameters each, so the trunk is not what differs in
# capacity. TCN kernel 5 as Zhou et al. (ABAW 6, arXiv 2403.11440), centred
# (offline, like the BiGRU); the transformer is 4 pre-norm layers of width 256.
gru = dict(type='GRUTrunk', hidden_channels=256, num_layers=2,
           bidirectional=True)
tcn = dict(type='TCNTrunk', channels=(256, 256, 256, 256), kernel_size=5,
           causal=False, dropout=0.1)
transformer = dict(type='TransformerTrunk', embed_dims=256, num_layers=4,
                   num_heads=4, dropout=0.1)
# VideoViT-Tiny, 4 blocks, 2x8x8 tubelets (the MAE / V-JEPA pretext
# encoder); each frame gets the features of the tubelet holding it
vit = dict(_delete_=True, type='VideoViT', arch='tiny', depth=4,
           in_channels=1, patch_size=8, tubelet_size=2, frame_unfold='repeat')
vit_channels = 192
# the pretext checkpoints (configs/selfsup/*_1xb8-12e_synthetic-mini.py,
# trained with tools/train.py into mmengine's default work dir)
ckpt = 'work_dirs/{}_1xb8-12e_synthetic-mini/epoch_12.pth'
checkpoints = dict(
    lira=ckpt.format('lira_r18-stem3d-conformer'),
    byol=ckpt.format('byol_r18-stem3d'),
    dino=ckpt.format('dino_r18-stem3d'),
    mae=ckpt.format('mae_vit-t4-p2x8x8'),
    vjepa=ckpt.format('vjepa_vit-t4-p2x8x8'))
# test on whole videos through 32-frame backbone windows overlapping by 8
# (attention over a whole 150-frame video is ~10x the tokens of training)
vit_recognizer = dict(type='WindowedRecognizer3D', test_window=32,
                      test_overlap=8)
