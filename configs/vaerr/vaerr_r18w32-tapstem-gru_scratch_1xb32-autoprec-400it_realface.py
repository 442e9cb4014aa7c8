# The main job (tools/quickstart.py, README command 1): SS-VAERR from
# scratch on real photographed faces animated by known arousal/valence
# (docs/realface.md; validation and test people are never seen in
# training), sized for 15 min on any 2-core x86 CPU. It is the paper-width
# real-face recipe (./vaerr_r18-tapstem-gru_scratch_1xb32-autoprec-200it_
# realface.py: same stem kernel, blocks, GRU head, losses, data and
# augmentation) with:
# - a half-width trunk, base_channels 32 (stem 32, stages 32/64/128/256,
#   256-d frame features into the 2-layer bidirectional GRU; the paper's
#   ResNet18 is 64/128/256/512): a third of the multiply-adds per frame, so
#   an fp32 step on an AVX2-only CPU costs what a bf16 one does natively;
# - twice the steps, 400, on the same cosine (lr 1e-3 -> 5e-5), with
#   validation at steps 200 and 400.
# In AVX2 mode (fp32) the 200-step paper-width run scored 0.729 +- 0.029
# held-out CCC (calibrated) in 16-22 min; this recipe's figures per CPU
# kind: docs/main_job.md. Checkpoints of the paper-width configs do not
# load into this one (and the reverse): the shapes differ, and
# tools/test.py / init_model say so.
_base_ = ['./vaerr_r18-tapstem-gru_scratch_1xb32-autoprec-200it_realface.py']
max_iters = 400
model = dict(backbone=dict(base_channels=32),
             cls_head=dict(in_channels=256))
train_cfg = dict(max_iters=max_iters, val_interval=200)
param_scheduler = [
    dict(type='CosineAnnealingLR', by_epoch=False, begin=0, end=max_iters,
         T_max=max_iters, eta_min=5e-5)
]
default_hooks = dict(checkpoint=dict(interval=200))
