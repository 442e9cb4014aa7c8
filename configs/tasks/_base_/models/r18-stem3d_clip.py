# Clip-level emotion model: 3D stem + ResNet18 per frame, ClipEmotionHead.
# Fine-tuning uses a GRU trunk pooled over time; probes (frozen backbone)
# set trunk=None and pooling='mean' (linear) or 'attentive' (V-JEPA).
model = dict(
    type='Recognizer3D',
    backbone=dict(type='ResNet18Stem3D', in_channels=1, frozen='none'),
    cls_head=dict(type='ClipEmotionHead', in_channels=512, num_classes=8,
                  trunk=dict(type='GRUTrunk', hidden_channels=256,
                             num_layers=2, bidirectional=True),
                  pooling='mean', dropout=0.3,
                  loss_cls=dict(type='FrameCELoss')),
    data_preprocessor=dict(type='ActionDataPreprocessor', mean=[107.355],
                           std=[42.075], format_shape='NCTHW'))
