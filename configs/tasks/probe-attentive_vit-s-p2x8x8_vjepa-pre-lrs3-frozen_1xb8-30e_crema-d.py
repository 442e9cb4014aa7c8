# Frozen-encoder attentive probe (V-JEPA, Bardes et al. 2024) on the V-JEPA
# video ViT-S: a learned query cross-attends over every space-time token of
# the frozen target encoder's output, then a linear layer classifies.
_base_ = ['./probe-linear_vit-s-p2x8x8_vjepa-pre-lrs3-frozen_1xb8-30e_crema-d.py']
model = dict(cls_head=dict(pooling='attentive', num_heads=8))
