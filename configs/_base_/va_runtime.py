# Runtime of the downstream arousal/valence models.
_base_ = ['./default_runtime.py']
# keep the checkpoint with the best mean CCC on the validation set
default_hooks = dict(
    checkpoint=dict(type='CheckpointHook', interval=1, max_keep_ckpts=2,
                    save_best='va/ccc_mean', rule='greater'))
# fits nCCE's k-means centroids on the training labels before training
# (does nothing when no loss needs them or a resumed checkpoint has them)
custom_hooks = [dict(type='NCCECentroidHook')]
