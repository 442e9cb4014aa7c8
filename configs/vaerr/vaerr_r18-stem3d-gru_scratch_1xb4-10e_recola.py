# SS-VAERR downstream on RECOLA (AVEC 2016/2018), from scratch; 500-frame
# segments; per-dimension loss (Table III best for RECOLA):
# arousal 0.66 CCC + 0.34 CE, valence 1.0 CCC. Order: (arousal, valence).
_base_ = [
    '../_base_/models/vaerr_r18-stem3d_gru.py',
    '../_base_/datasets/recola.py',
    '../_base_/schedules/adamw_10e.py',
    '../_base_/va_runtime.py',
]
model = dict(
    cls_head=dict(
        loss_va=dict(weights=dict(_delete_=True, ccc=[0.66, 1.0],
                                  ce=[0.34, 0.0]))))
