# Online (streaming) SEWA model: unidirectional GRU (see docs/inference.md).
_base_ = ['./vaerr_r18-stem3d-gru_scratch_1xb8-10e_sewa.py']
model = dict(cls_head=dict(bidirectional=False))
