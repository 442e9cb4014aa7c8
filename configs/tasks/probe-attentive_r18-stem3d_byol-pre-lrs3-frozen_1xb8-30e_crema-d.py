# Frozen-encoder attentive probe (V-JEPA, Bardes et al. 2024): a learned
# query cross-attends over every space-time position of the frozen
# backbone's output, then a linear layer classifies.
_base_ = ['./probe-linear_r18-stem3d_byol-pre-lrs3-frozen_1xb8-30e_crema-d.py']
model = dict(cls_head=dict(pooling='attentive', num_heads=8))
