# The pretext stage of the miniatures (tools/paper_tables.py --mini and
# tools/analysis/pretext_head_table.py): MAE on the unlabelled 'pretrain'
# subjects of the small synthetic set data/synthetic_mini (the tools generate
# it), 12 epochs (warm-up 1, cosine 11), checkpoint at the end:
# work_dirs/mae_vit-t4-p2x8x8_1xb8-12e_synthetic-mini/epoch_12.pth
_base_ = ['./mae_vit-t4-p2x8x8_1xb8-5e_synthetic.py']
train_dataloader = dict(
    num_workers=1,
    dataset=dict(data_root='data/synthetic_mini', split='pretrain'))
max_epochs = 12
train_cfg = dict(max_epochs=max_epochs)
# the parent's warm-up and cosine (its eta_min), the cosine to the end
param_scheduler = _base_.param_scheduler
param_scheduler[1].update(T_max=max_epochs - 1, end=max_epochs)
default_hooks = dict(logger=dict(interval=4),
                     checkpoint=dict(interval=max_epochs))
