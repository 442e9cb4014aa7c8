"""VATrajectoryVisHook: trajectory images from the val loop's outputs."""
import glob
import json
import os.path as osp
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from mmengine.config import Config

from mmaction.structures import ActionDataSample
from mmaction_vaerr.engine.hooks import VATrajectoryVisHook
from mmaction_vaerr.visualization.curves import (find_scalars, load_scalars,
                                                 plot_curves)

REPO = osp.dirname(osp.dirname(osp.dirname(osp.dirname(osp.abspath(
    __file__)))))


class FakeVisualizer:

    def __init__(self):
        self.images = []

    def add_image(self, name, image, step=0):
        self.images.append((name, image, step))


def _sample(vid, n=20):
    ds = ActionDataSample()
    ds.pred_va = torch.rand(n, 2) * 2 - 1
    ds.gt_va = torch.rand(n, 2) * 2 - 1
    ds.frame_mask = torch.ones(n, dtype=torch.bool)
    ds.set_metainfo(dict(video_id=vid, fps=25.0))
    return ds


def _val_epoch(hook, runner, batches):
    hook.before_val_epoch(runner)
    for i, batch in enumerate(batches):
        hook.after_val_iter(runner, i, None, batch)
    hook.after_val_epoch(runner, {})


def test_plots_first_videos_each_validation():
    runner = SimpleNamespace(visualizer=FakeVisualizer(), epoch=3)
    hook = VATrajectoryVisHook(num_videos=3)
    batches = [[_sample('s00/v00'), _sample('s00/v01')],
               [_sample('s01/v00'), _sample('s01/v01')]]
    _val_epoch(hook, runner, batches)
    names = [n for n, _, _ in runner.visualizer.images]
    assert names == ['val_trajectory_s00_v00', 'val_trajectory_s00_v01',
                     'val_trajectory_s01_v00']
    _, img, step = runner.visualizer.images[0]
    assert step == 3 and img.dtype == np.uint8 and img.ndim == 3
    assert img.shape[2] == 3 and img.std() > 0


def test_interval_and_samples_without_predictions():
    runner = SimpleNamespace(visualizer=FakeVisualizer(), epoch=1)
    hook = VATrajectoryVisHook(num_videos=1, interval=2)
    _val_epoch(hook, runner, [[_sample('a')]])
    assert runner.visualizer.images == []      # 1st validation skipped
    plain = ActionDataSample()                  # e.g. a classification head
    _val_epoch(hook, runner, [[plain, _sample('b')]])
    assert [n for n, _, _ in runner.visualizer.images] == [
        'val_trajectory_b']
    with pytest.raises(ValueError):
        VATrajectoryVisHook(num_videos=0)


def test_runner_writes_images_tensorboard_and_curves(tiny_synthetic,
                                                     tmp_path):
    """One epoch of the real config: losses per component, val CCC per
    dimension and the trajectory images reach the visualizer backends."""
    from mmengine.runner import Runner
    cfg = Config.fromfile(osp.join(
        REPO, 'configs', 'vaerr',
        'vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py'))
    assert any(h['type'] == 'VATrajectoryVisHook' for h in cfg.custom_hooks)
    for name in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        loader = cfg[name]
        loader.dataset.data_root = tiny_synthetic
        loader.num_workers = 0
        loader.persistent_workers = False
    cfg.train_dataloader.batch_size = 2
    for t in cfg.train_dataloader.dataset.pipeline:
        if t['type'] == 'SampleVASegment':
            t['clip_len'] = 8
    cfg.train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=1,
                         val_interval=1)
    cfg.param_scheduler = []
    cfg.default_hooks.logger.interval = 1
    cfg.default_hooks.checkpoint = dict(type='CheckpointHook', interval=5,
                                        save_last=False)
    cfg.work_dir = str(tmp_path / 'work')
    Runner.from_cfg(cfg).train()
    run = glob.glob(osp.join(cfg.work_dir, '2*', 'vis_data'))[0]
    assert glob.glob(osp.join(run, 'vis_image', 'val_trajectory_*_1.png'))
    assert glob.glob(osp.join(run, 'events.out.tfevents.*'))
    records = load_scalars(find_scalars(cfg.work_dir))
    keys = set().union(*records)
    assert {'loss_ccc', 'loss_ce', 'loss_mse', 'va/ccc_arousal',
            'va/ccc_valence'} <= keys
    out = plot_curves(records, str(tmp_path / 'curves'))
    assert set(out) == {'losses', 'val_ccc'}
    json.dumps(records)  # plain numbers only
