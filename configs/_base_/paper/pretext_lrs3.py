# Pretext checkpoints the paper configs start from: each LRS3 pretext config
# of configs/selfsup/ trained with `python tools/train.py CONFIG` (mmengine's
# default work_dir, work_dirs/<config name>/). The downstream backbone takes
# the keys under `backbone.` (the online / student network).
lira_checkpoint = ('work_dirs/lira_r18-stem3d-conformer_8xb32-coslr-100e_'
                   'lrs3/epoch_100.pth')
byol_checkpoint = 'work_dirs/byol_r18-stem3d_8xb32-coslr-100e_lrs3/epoch_100.pth'
dino_checkpoint = 'work_dirs/dino_r18-stem3d_8xb32-coslr-100e_lrs3/epoch_100.pth'
