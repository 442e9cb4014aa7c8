# Online (streaming) RECOLA model: unidirectional GRU (see docs/inference.md).
_base_ = ['../_base_/paper/recola.py']
model = dict(cls_head=dict(bidirectional=False))
