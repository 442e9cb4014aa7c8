# Table II, RECOLA: from scratch, CCC-only loss (Sec. V-B: the pretext
# comparison uses "the basic CCC-based regression loss").
_base_ = ['../../_base_/paper/recola.py']
model = dict(cls_head=dict(loss_va=dict(weights=dict(_delete_=True, ccc=1.0))))
