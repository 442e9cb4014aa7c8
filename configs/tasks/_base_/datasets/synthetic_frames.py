# The embedded synthetic faces (tools/data/generate_synthetic.py): per-frame
# EXPR / AU labels in the Aff-Wild2 layout plus the canonical VA CSVs,
# subject-disjoint split files.
_base_ = ['./frame_labels.py']
data_root = 'data/synthetic'
prefix = dict(video='videos', expr='EXPR_Recognition_Challenge',
              au='AU_Detection_Challenge', va='labels')
common = dict(data_root=data_root, data_prefix=prefix, va_format='canonical',
              fps=25.0)
train_dataloader = dict(batch_size=4, dataset=dict(
    ann_file='splits/train.txt', **common))
val_dataloader = dict(dataset=dict(ann_file='splits/val.txt', **common))
test_dataloader = dict(dataset=dict(ann_file='splits/test.txt', **common))
# Loss weights from the default set's training split (subjects s00-s09;
# tools/analysis/class_weights.py): inverse class frequency, and
# n_neg / n_pos per AU (1.0 for the 5 AUs the renderer never draws).
expr_class_weight = [0.4252, 3.3174, 3.6075, 4.3265, 0.5055, 0.6378, 4.3879,
                     0.9395]
au_pos_weight = [2.1346, 2.1346, 2.5041, 1.0, 1.0, 1.0, 2.7327, 2.3877, 1.0,
                 1.0, 0.572, 4.5644]
