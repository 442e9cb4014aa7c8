# Runtime of the downstream arousal/valence models.
_base_ = ['./default_runtime.py']
# keep the checkpoint with the best mean CCC on the validation set
default_hooks = dict(
    checkpoint=dict(type='CheckpointHook', interval=1, max_keep_ckpts=2,
                    save_best='va/ccc_mean', rule='greater'))
# fits nCCE's k-means centroids on the training labels before training
# (does nothing when no loss needs them or a resumed checkpoint has them)
# plots predicted vs true trajectories of a few validation videos each
# validation epoch into the visualizer (TensorBoard, vis_data/vis_image)
custom_hooks = [dict(type='NCCECentroidHook'),
                dict(type='VATrajectoryVisHook', num_videos=3, interval=1)]
