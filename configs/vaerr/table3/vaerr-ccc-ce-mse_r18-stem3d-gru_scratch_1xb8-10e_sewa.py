# Table III row: loss = ccc + ce + mse (weights per component, both dims).
_base_ = ['../vaerr_r18-stem3d-gru_scratch_1xb8-10e_sewa.py']
model = dict(cls_head=dict(loss_va=dict(weights=dict(_delete_=True, ccc=0.5, ce=0.25, mse=0.25))))
