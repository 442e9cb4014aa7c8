# SS-VAERR downstream model: 3D stem + ResNet18 per frame + 2-layer BiGRU.
# Input: grayscale 96x96 faces, pixel/255 normalised by mean 0.421, std 0.165
# (lip-reading convention); the paper configs (configs/_base_/paper/) use
# each dataset's own mean/std (configs/_base_/datasets/stats/).
model = dict(
    type='Recognizer3D',
    backbone=dict(type='ResNet18Stem3D', in_channels=1, act='relu',
                  frozen='none'),
    cls_head=dict(
        type='GRUVAHead',
        in_channels=512,
        hidden_channels=256,
        num_layers=2,
        bidirectional=True,
        num_bins=20,
        # no test-time clipping of predictions (the paper's behaviour);
        # pred_range=(-1.0, 1.0) clips them to the label range (an option)
        pred_range=None,
        # paper's best SEWA weights (Table III)
        loss_va=dict(type='VACompositeLoss',
                     weights=dict(ccc=0.5, mse=0.25, ce=0.25))),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[107.355],
        std=[42.075],
        format_shape='NCTHW'))
