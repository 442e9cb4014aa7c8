# SS-VAERR backbone with a causal dilated TCN head (Bai et al. 2018,
# arXiv 1803.01271) instead of the GRU; it streams exactly
# (apis.StreamingVAPredictor). Kernel 5 as Zhou et al., ABAW 6.
_base_ = ['./vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py']
model = dict(cls_head=dict(
    _delete_=True, type='TCNVAHead', in_channels=512,
    channels=(256, 256, 256, 256), kernel_size=5, causal=True, dropout=0.1,
    num_bins=20, pred_range=(-1.0, 1.0),
    loss_va=dict(type='VACompositeLoss',
                 weights=dict(ccc=0.5, mse=0.25, ce=0.25))))
