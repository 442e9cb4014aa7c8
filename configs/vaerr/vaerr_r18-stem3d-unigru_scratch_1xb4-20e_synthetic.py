# Online (streaming) variant of the quickstart: a unidirectional GRU, so a
# frame's prediction uses only past frames (plus the stem's 2 future frames).
_base_ = ['./vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py']
model = dict(cls_head=dict(bidirectional=False))
