"""Calibration clips for the int8 trunk: aligned faces from a config's
training split (post-training static quantisation is calibrated on the
data the model was trained on; Jacob et al., CVPR 2018,
https://arxiv.org/abs/1712.05877)."""
from __future__ import annotations

from typing import Iterator, Optional

import numpy as np


def calibration_clips(config, data_root: Optional[str] = None,
                      max_videos: int = 16, frames_per_video: int = 64,
                      seed: int = 0) -> Iterator[np.ndarray]:
    """Aligned-face clips from a config's *training* set, for calibration.

    Videos are drawn evenly over the training list (``max_videos`` of them,
    deterministic for ``seed``); from each, ``frames_per_video`` consecutive
    frames from a random start are decoded in gray.

    Args:
        config: a config path or :class:`mmengine.config.Config`.
        data_root: overrides ``train_dataloader.dataset.data_root``.
        max_videos: videos to draw from.
        frames_per_video: frames per clip.
        seed: which start frames.
    """
    from mmengine.config import Config
    from mmengine.registry import init_default_scope

    from mmaction.registry import DATASETS
    from ..io import iter_frames, probe_video
    cfg = Config.fromfile(config) if isinstance(config, str) else config
    init_default_scope(cfg.get('default_scope', 'mmaction'))
    ds_cfg = cfg.train_dataloader.dataset
    if data_root is not None:
        ds_cfg.data_root = data_root
    ds_cfg.pipeline = []
    dataset = DATASETS.build(ds_cfg)
    files = [dataset.get_data_info(i)['filename']
             for i in range(len(dataset))]
    if not files:
        raise ValueError(f'{ds_cfg.get("ann_file")}: empty training list')
    pick = np.linspace(0, len(files) - 1, min(max_videos, len(files)))
    rng = np.random.default_rng(seed)
    for i in np.unique(pick.round().astype(int)):
        n = probe_video(files[i]).num_frames or frames_per_video
        start = int(rng.integers(0, max(1, n - frames_per_video + 1)))
        frames = list(iter_frames(files[i], 'gray', start + frames_per_video))
        clip = np.stack(frames[start:])
        if clip.ndim == 4:
            clip = clip[..., 0]
        yield clip
