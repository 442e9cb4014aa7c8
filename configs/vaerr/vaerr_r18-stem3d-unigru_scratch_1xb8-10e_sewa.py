# Online (streaming) SEWA model: unidirectional GRU (see docs/inference.md).
_base_ = ['../_base_/paper/sewa.py']
model = dict(cls_head=dict(bidirectional=False))
