"""Classification scores of the categorical tasks, in plain numpy.

* Expression (ABAW Expr track): macro F1 over the 8 classes, and accuracy.
* Action units (ABAW AU track): binary F1 of each AU, averaged over AUs.
* Clip-level emotion (RAVDESS, CREMA-D): UAR (unweighted average recall,
  the mean of per-class recalls over the classes present in the labels) and
  WAR (weighted average recall, i.e. accuracy).

Kollias et al., "ABAW: Valence-Arousal Estimation, Expression Recognition,
Action Unit Detection & Emotional Reaction Intensity Estimation Challenges",
CVPR-W 2023 (https://arxiv.org/abs/2303.01498), section 3, for the F1
definitions. An F1 whose precision and recall are both undefined (class never
labelled and never predicted) counts as 0, as in the challenge's scripts.
"""
from __future__ import annotations

from typing import Dict, Sequence, Tuple

import numpy as np


def confusion(gt: np.ndarray, pred: np.ndarray, num_classes: int
              ) -> np.ndarray:
    """(K, K) counts, rows = true class, columns = predicted class."""
    gt = np.asarray(gt, np.int64)
    pred = np.asarray(pred, np.int64)
    if gt.shape != pred.shape:
        raise ValueError(f'labels {gt.shape} and predictions {pred.shape} '
                         'differ in shape')
    bad = (gt < 0) | (gt >= num_classes) | (pred < 0) | (pred >= num_classes)
    if bad.any():
        raise ValueError(f'class ids must lie in [0, {num_classes}); got '
                         f'label {gt[bad][0]} / prediction {pred[bad][0]}')
    return np.bincount(gt * num_classes + pred,
                       minlength=num_classes ** 2).reshape(num_classes, -1)


def _safe_div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    num = np.asarray(num, np.float64)
    den = np.asarray(den, np.float64)
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


def f1_per_class(cm: np.ndarray) -> np.ndarray:
    """F1 of each class from a confusion matrix: 2 TP / (2 TP + FP + FN)."""
    tp = np.diag(cm).astype(np.float64)
    fp = cm.sum(0) - tp
    fn = cm.sum(1) - tp
    return _safe_div(2 * tp, 2 * tp + fp + fn)


def recall_per_class(cm: np.ndarray) -> np.ndarray:
    """Recall of each class; NaN for a class without labelled samples."""
    support = cm.sum(1).astype(np.float64)
    rec = np.full(len(cm), np.nan)
    rec[support > 0] = np.diag(cm)[support > 0] / support[support > 0]
    return rec


def uar_war(cm: np.ndarray) -> Tuple[float, float]:
    """(UAR, WAR): mean recall over present classes, and accuracy."""
    total = cm.sum()
    if total == 0:
        raise ValueError('no labelled sample to score')
    rec = recall_per_class(cm)
    return float(np.nanmean(rec)), float(np.trace(cm) / total)


def binary_f1(gt: np.ndarray, pred: np.ndarray, valid: np.ndarray
              ) -> np.ndarray:
    """F1 of each column of (N, A) 0/1 labels over its valid rows."""
    gt = np.asarray(gt).astype(bool)
    pred = np.asarray(pred).astype(bool)
    valid = np.asarray(valid, bool)
    tp = (gt & pred & valid).sum(0)
    fp = (~gt & pred & valid).sum(0)
    fn = (gt & ~pred & valid).sum(0)
    return _safe_div(2 * tp, 2 * tp + fp + fn)


def merge_frames(results: Sequence[dict], keys: Sequence[str]
                 ) -> Dict[str, np.ndarray]:
    """Stack per-sample frame arrays, each (video, frame) counted once.

    Each result has ``video_id``, ``inds`` (T,) and, for every name in
    ``keys``, an array with T rows. A frame seen more than once (overlapping
    segments, a sample repeated to fill the last distributed batch) keeps
    the mean of its copies (rounded for integer and bool arrays: labels and
    masks, identical across copies). Frames are ordered by video id, then
    frame index.
    """
    if not results:
        raise ValueError('no results to merge')
    videos = sorted({str(r['video_id']) for r in results})
    code = {v: i for i, v in enumerate(videos)}
    inds = np.concatenate([np.asarray(r['inds'], np.int64) for r in results])
    vids = np.concatenate([np.full(len(r['inds']), code[str(r['video_id'])])
                           for r in results])
    span = int(inds.max()) + 1 if inds.size else 1
    _, inverse, counts = np.unique(vids * span + inds, return_inverse=True,
                                   return_counts=True)
    out = {}
    for k in keys:
        arr = np.concatenate([np.asarray(r[k]) for r in results])
        total = np.zeros((len(counts), ) + arr.shape[1:])
        np.add.at(total, inverse, arr.astype(np.float64))
        mean = total / counts.reshape((-1, ) + (1, ) * (arr.ndim - 1))
        out[k] = (np.rint(mean).astype(arr.dtype) if arr.dtype.kind in 'iub'
                  else mean)
    return out
