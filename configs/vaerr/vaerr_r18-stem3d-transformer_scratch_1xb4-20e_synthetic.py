# SS-VAERR backbone with a Transformer head (Vaswani et al. 2017) instead of
# the GRU. It trains on the 100-frame segments and evaluates whole videos in
# windows of the same length (overlap 50), here and in apis.inference_va.
_base_ = ['./vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py']
model = dict(cls_head=dict(
    _delete_=True, type='TransformerVAHead', in_channels=512, embed_dims=256,
    num_layers=4, num_heads=4, dropout=0.1, window=100, overlap=50,
    num_bins=20, pred_range=(-1.0, 1.0),
    loss_va=dict(type='VACompositeLoss',
                 weights=dict(ccc=0.5, mse=0.25, ce=0.25))))
