"""Random samples for the tests of heads and metrics: per-frame
arousal/valence targets, and predictions with labels for the categorical
metrics (ABAW expression, action units, clip-level UAR/WAR), the latter
built from a seed so that a single-process and a two-process run see the
same samples."""
from __future__ import annotations

from typing import Dict, List

import numpy as np
import torch
from mmaction.structures import ActionDataSample

#: expression classes and action units of the samples
NUM_EXPR, NUM_AU = 8, 12


def expr_samples(seed: int, n_videos: int = 5) -> List[Dict]:
    """Videos with random scores, labels (-1 unlabelled) and masks."""
    rng = np.random.default_rng(seed)
    out = []
    for v in range(n_videos):
        t = int(rng.integers(20, 60))
        gt = rng.integers(0, NUM_EXPR, t)
        gt[rng.random(t) < 0.2] = -1
        mask = rng.random(t) > 0.1
        out.append(dict(video_id=f'v{v}', pred_expr=rng.random((t, NUM_EXPR)),
                        gt_expr=gt, frame_mask=mask, frame_inds=np.arange(t)))
    return out


def au_samples(seed: int, n_videos: int = 5) -> List[Dict]:
    """Videos with random AU scores, labels (-1 missing) and masks."""
    rng = np.random.default_rng(seed)
    out = []
    for v in range(n_videos):
        t = int(rng.integers(20, 60))
        gt = (rng.random((t, NUM_AU)) < 0.3).astype(np.int64)
        gt[rng.random((t, NUM_AU)) < 0.15] = -1      # AUs missing one by one
        gt[rng.random(t) < 0.1] = -1           # whole frames unlabelled
        out.append(dict(video_id=f'v{v}', pred_au=rng.random((t, NUM_AU)),
                        gt_au=gt, frame_mask=rng.random(t) > 0.1))
    return out


def clip_samples(seed: int, n: int = 40, k: int = 6,
                 unlabelled: float = 0.0) -> List[ActionDataSample]:
    """Clip-level samples of ``k`` classes; the last class never occurs; a
    share ``unlabelled`` of the clips is labelled -1."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        ds = ActionDataSample()
        label = int(rng.integers(0, k - 1))            # last class unseen
        ds.set_gt_label(-1 if rng.random() < unlabelled else label)
        ds.set_pred_score(torch.from_numpy(rng.random(k)).float())
        out.append(ds)
    return out


def va_samples(n: int, t: int) -> List[ActionDataSample]:
    """``n`` data samples of ``t`` frames: random ``gt_va`` in [-1, 1], every
    frame valid, ``clip_len=t`` (draws from torch's global generator)."""
    out = []
    for _ in range(n):
        ds = ActionDataSample()
        ds.gt_va = torch.rand(t, 2) * 2 - 1
        ds.frame_mask = torch.ones(t, dtype=torch.bool)
        ds.set_metainfo(dict(clip_len=t))
        out.append(ds)
    return out
