# Per-frame categorical model: 3D stem + ResNet18 per frame (SS-VAERR's
# backbone) + a 2-layer BiGRU trunk; the task config sets cls_head.type and
# its loss. Input: grayscale 96x96 faces, pixel mean/std 107.355/42.075.
trunk = dict(type='GRUTrunk', hidden_channels=256, num_layers=2,
             bidirectional=True)
model = dict(
    type='Recognizer3D',
    backbone=dict(type='ResNet18Stem3D', in_channels=1, frozen='none'),
    cls_head=dict(type='FrameExprHead', in_channels=512, trunk=trunk,
                  dropout=0.2),
    data_preprocessor=dict(type='ActionDataPreprocessor', mean=[107.355],
                           std=[42.075], format_shape='NCTHW'))
