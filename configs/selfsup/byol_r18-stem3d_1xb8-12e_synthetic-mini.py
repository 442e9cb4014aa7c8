# The pretext stage of the miniatures (tools/paper_tables.py --mini and
# tools/analysis/pretext_head_table.py): BYOL on the unlabelled 'pretrain'
# subjects of the small synthetic set data/synthetic_mini (the tools generate
# it), 12 epochs (warm-up 1, cosine 11), checkpoint at the end:
# work_dirs/byol_r18-stem3d_1xb8-12e_synthetic-mini/epoch_12.pth
_base_ = ['./byol_r18-stem3d_1xb8-5e_synthetic.py']
train_dataloader = dict(
    num_workers=1,
    dataset=dict(data_root='data/synthetic_mini', split='pretrain'))
train_cfg = dict(max_epochs=12)  # the cosine of the base follows it
default_hooks = dict(logger=dict(interval=4), checkpoint=dict(interval=12))
