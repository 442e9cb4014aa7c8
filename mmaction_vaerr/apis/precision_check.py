"""Accuracy of a fast path against fp32 on a labelled split.

For each precision, every video of the split goes through
:func:`~mmaction_vaerr.apis.inference_va` (aligned faces, whole-video
settings of the API); the frame-level CCC against the labels is computed
over all videos concatenated (as :class:`CCCMetric` does), and so is the
CCC between each precision's predictions and fp32's (agreement).
"""
from __future__ import annotations

from typing import Dict, Optional, Sequence

import numpy as np
import torch.nn as nn

from ..io import DatasetLayout
from ..datasets.va_annotation import read_split, read_va_csv
from ..evaluation.functional import VA_DIMS, ccc_per_dim
from .inference import inference_va


def compare_precisions(model: nn.Module, data_root: str, split: str = 'test',
                       precisions: Sequence[str] = ('fp32', 'int8'),
                       max_videos: Optional[int] = None,
                       face_size: int = 96) -> Dict[str, dict]:
    """CCC against labels, and agreement with fp32, for each precision.

    Args:
        model: from :func:`init_model` (with ``int8=DIR`` for ``'int8'``).
        data_root: a dataset in the canonical layout
            (``videos/<id>.mp4``, ``labels/<id>.csv``, ``splits/<split>.txt``).
        split: which split.
        precisions: ``'fp32'`` is always computed first (the reference).
        max_videos: only the first videos of the split.
        face_size: side of the split's aligned face crops.

    Returns:
        ``{precision: {'ccc_arousal', 'ccc_valence', 'ccc_mean',
        'agree_arousal', 'agree_valence', 'agree_min', 'frames'}}``.
    """
    layout = DatasetLayout(data_root)
    ids = read_split(layout.split(split))
    ids = ids[:max_videos] if max_videos else ids
    if not ids:
        raise ValueError(f'{data_root}: split {split!r} is empty')
    order = ['fp32'] + [p for p in precisions if p != 'fp32']
    preds = {p: [] for p in order}
    gts, masks = [], []
    for vid in ids:
        ann = read_va_csv(layout.label(vid))
        video = layout.video(vid)
        for p in order:
            res = inference_va(model, video, aligned=True, precision=p,
                               window=None, face_size=face_size)
            n = min(len(res), len(ann))
            preds[p].append(res.va[:n])
        gts.append(ann.va[:n])
        masks.append(ann.valid[:n] & res.valid[:n])
    gt = np.concatenate(gts)
    mask = np.concatenate(masks)
    out = {}
    ref = np.concatenate(preds['fp32'])[mask]
    for p in order:
        pr = np.concatenate(preds[p])[mask]
        row = {f'ccc_{d}': c for d, c in ccc_per_dim(pr, gt[mask]).items()}
        row['ccc_mean'] = float(np.mean([row[f'ccc_{d}'] for d in VA_DIMS]))
        row.update({f'agree_{d}': c
                    for d, c in ccc_per_dim(pr, ref).items()})
        row['agree_min'] = min(row['agree_arousal'], row['agree_valence'])
        row['frames'] = int(mask.sum())
        out[p] = row
    return out
