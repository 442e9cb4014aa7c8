# mmaction2's own ResNet3d (3D ResNet-18, Hara et al. 2018) under our GRU head.
# ResNet3d halves time (pool2), so T' = T/2; GRUVAHead interpolates the
# features back to one per label frame.
_base_ = ['../vaerr/vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py']
model = dict(
    backbone=dict(
        _delete_=True,
        type='ResNet3d',
        depth=18,
        pretrained=None,
        pretrained2d=False,
        in_channels=1,
        conv1_kernel=(5, 7, 7),
        inflate=(1, 1, 1, 1),
        norm_eval=False),
    cls_head=dict(in_channels=512))
