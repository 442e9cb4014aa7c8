"""Accuracy of each fast path against fp32 on the synthetic test set.

Every test video is predicted whole (``test_step``, as the test loop does)
by the fp32 model and by each fast-path variant of the same weights. Per
variant: CCC of arousal and valence against the labels (concatenated test
frames, AVEC convention), its difference to fp32, CCC and max abs difference
between the variant's and the fp32 predictions.
"""
from __future__ import annotations

from typing import Dict, List

import numpy as np
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate

from mmaction.registry import DATASETS
from mmaction_vaerr.evaluation.functional import VA_DIMS, ccc_per_dim
from mmaction_vaerr.utils import autocast_context
from .bench_model import build_project_model

def load_test_set(config: str, data_root: str, max_videos: int = 0
                  ) -> List[dict]:
    """Packed test items (whole videos) of the config's test split."""
    cfg = Config.fromfile(config)
    ds_cfg = cfg.test_dataloader.dataset
    ds_cfg.data_root = data_root
    dataset = DATASETS.build(ds_cfg)
    n = len(dataset) if max_videos <= 0 else min(max_videos, len(dataset))
    return [dataset[i] for i in range(n)]


def predict(model, items: List[dict], bf16: bool) -> np.ndarray:
    """(F, 2) predictions of the valid frames of all items, in order."""
    model.eval()
    preds = []
    with torch.no_grad(), autocast_context(model, bf16):
        for item in items:
            ds = model.test_step(pseudo_collate([item]))[0]
            mask = ds.frame_mask.numpy()
            preds.append(ds.pred_va.float().numpy()[mask])
    return np.concatenate(preds)


def labels(items: List[dict]) -> np.ndarray:
    return np.concatenate([it['data_samples'].gt_va.numpy()[
        it['data_samples'].frame_mask.numpy()] for it in items])


def accuracy_section(config: str, state: dict, items: List[dict],
                     variants: Dict[str, dict], device: str = 'cpu') -> dict:
    """Compare ``variants`` (name -> build/bf16 options) with fp32."""
    y = labels(items)
    ref = predict(build_project_model(config, state, device=device), items,
                  False)
    out = dict(frames=int(len(y)), videos=len(items),
               fp32={d: round(c, 5) for d, c in ccc_per_dim(ref, y).items()})
    for name, opt in variants.items():
        opt = dict(opt)
        bf16 = opt.pop('bf16', False)
        pred = predict(build_project_model(config, state, device=device,
                                           **opt), items, bf16)
        res = {}
        vs_labels, vs_fp32 = ccc_per_dim(pred, y), ccc_per_dim(pred, ref)
        for d in VA_DIMS:
            res[d] = dict(ccc=round(vs_labels[d], 5),
                          ccc_diff_vs_fp32=round(
                              vs_labels[d] - out['fp32'][d], 5),
                          ccc_vs_fp32_pred=round(vs_fp32[d], 6))
        res['max_abs_diff_vs_fp32'] = float(np.abs(pred - ref).max())
        out[name] = res
    return out
