# Online (streaming) RECOLA model: unidirectional GRU (see docs/inference.md).
_base_ = ['./vaerr_r18-stem3d-gru_scratch_1xb4-10e_recola.py']
model = dict(cls_head=dict(bidirectional=False))
