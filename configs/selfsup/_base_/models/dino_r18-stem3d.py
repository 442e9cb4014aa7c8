# DINO (Caron et al. 2021) with ResNet18Stem3D in place of the ViT.
# Head: 3-layer MLP (hidden 2048, GELU) -> bottleneck 256 -> l2 norm ->
# weight-normalised layer to 8192 prototypes (paper: 65536 for ViT on
# ImageNet; 8192 suits a 512-d ResNet18 and a face-only pretext set).
# Teacher momentum 0.996 -> 1 (cosine) = EMA weight 0.004 -> 0; teacher
# temperature 0.04 -> 0.07 over 30 epochs; student 0.1; centre momentum 0.9
# (= weight 0.1 of the new batch mean).
model = dict(
    type='DINO',
    num_global_views=2,
    base_momentum=0.004,
    end_momentum=0.0,
    teacher_temp=0.07,
    warmup_teacher_temp=0.04,
    warmup_teacher_temp_epochs=30,
    backbone=dict(type='ResNet18Stem3D'),
    head=dict(
        type='DINOHead',
        in_channels=512,
        hid_channels=2048,
        bottleneck_channels=256,
        out_channels=8192,
        num_layers=3,
        use_bn=False,
        norm_last_layer=True,
        loss=dict(type='DINOLoss', student_temp=0.1, center_momentum=0.1)))
