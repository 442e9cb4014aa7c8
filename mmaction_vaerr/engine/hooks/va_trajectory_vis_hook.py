"""Plot predicted vs true arousal/valence of a few validation videos after
each validation epoch, into the runner's visualizer (TensorBoard, local
PNGs, ... whatever ``vis_backends`` the config sets)."""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence

import numpy as np
import torch
from mmengine.hooks import Hook

from mmaction.registry import HOOKS
from mmaction_vaerr.visualization.trajectory_plot import (
    figure_to_rgb, va_trajectory_figure)


def _np(x) -> np.ndarray:
    if isinstance(x, torch.Tensor):
        return x.detach().float().cpu().numpy() if x.is_floating_point() \
            else x.detach().cpu().numpy()
    return np.asarray(x)


@HOOKS.register_module()
class VATrajectoryVisHook(Hook):
    """Add trajectory plots of the first ``num_videos`` validation videos.

    The predictions come from the validation loop's outputs
    (``after_val_iter``): data samples with ``pred_va`` ``(T, 2)``,
    ``gt_va``, ``frame_mask`` and the metainfo ``video_id`` / ``fps``, as
    :class:`GRUVAHead` produces them. The images are named
    ``val_trajectory_<video_id>`` (``/`` replaced by ``_``) and stepped by
    the training epoch, so TensorBoard shows one slider per video.

    Args:
        num_videos: validation videos to plot (the first ones in loader
            order; under distributed validation, rank 0's first ones).
        interval: plot every ``interval``-th validation run.
    """

    priority = 'LOW'

    def __init__(self, num_videos: int = 3, interval: int = 1) -> None:
        if num_videos < 1 or interval < 1:
            raise ValueError('num_videos and interval must be >= 1, got '
                             f'{num_videos}, {interval}')
        self.num_videos = num_videos
        self.interval = interval
        self._val_runs = 0
        self._videos: List[Dict] = []

    def before_val_epoch(self, runner) -> None:
        self._val_runs += 1
        self._videos = []

    def _active(self) -> bool:
        return self._val_runs % self.interval == 0

    def after_val_iter(self, runner, batch_idx: int, data_batch=None,
                       outputs: Optional[Sequence] = None) -> None:
        if not self._active() or not outputs:
            return
        for sample in outputs:
            if len(self._videos) >= self.num_videos:
                return
            if 'pred_va' not in sample or 'gt_va' not in sample:
                continue
            meta = sample.metainfo
            pred = _np(sample.pred_va)
            self._videos.append(dict(
                video_id=str(meta.get('video_id', f'video{batch_idx}')),
                fps=float(meta.get('fps', 1.0) or 1.0), pred=pred,
                gt=_np(sample.gt_va),
                mask=_np(sample.frame_mask).astype(bool)
                if 'frame_mask' in sample else np.ones(len(pred), bool)))

    def after_val_epoch(self, runner, metrics=None) -> None:
        if not self._active():
            return
        for v in self._videos:
            n = len(v['pred'])
            fig = va_trajectory_figure(
                np.arange(n) / v['fps'], v['pred'], gt=v['gt'],
                gt_valid=v['mask'],
                title=f"{v['video_id']} (epoch {runner.epoch})")
            name = 'val_trajectory_' + v['video_id'].replace('/', '_')
            runner.visualizer.add_image(name, figure_to_rgb(fig),
                                        step=runner.epoch)
        self._videos = []
