"""How much arousal/valence do a backbone's frozen features hold linearly?

The linear-probe protocol of self-supervised learning (e.g. Chen et al.,
SimCLR, ICML 2020, https://arxiv.org/abs/2002.05709, Sec. 4): the backbone
of each checkpoint is frozen, its per-frame features (the same embedding as
``feature_spread``: global-pooled trunk output, one vector per frame) are
standardised on the probe's training split, and a ridge regression per
dimension maps them to the frame labels. The ridge strength is chosen on
the validation split (mean CCC), never on the test split, and the test
split's CCC is reported. ``random`` in place of a checkpoint probes the
initial weights (the scratch run's starting point).

A pretext checkpoint whose probe beats ``random`` on held-out people has
learnt features that carry the labels; one that does not cannot be
expected to help fine-tuning much, whatever its pretext loss says.

Usage: python tools/analysis/linear_probe.py data/realface_ssl random \\
           work_dirs/<pretext>/epoch_20.pth
       [--train-split train] [--val-split val] [--test-split test]
       [--videos 100] [--frames 250] [--config CFG] [--out probe.json]
       [--overwrite]
"""
from __future__ import annotations

import argparse
import json
from typing import Dict, Sequence

import numpy as np

from mmaction_vaerr.evaluation.functional import ccc
from mmaction_vaerr.io import check_replace, write_json_atomic
from mmaction_vaerr.tools import provenance
from mmaction_vaerr.tools.analysis.feature_spread import (add_backbone_args,
                                                         embed, iter_split,
                                                         load_config)

LAMBDAS = (1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0)
DIMS = ('arousal', 'valence')


def fit_ridge(x: np.ndarray, y: np.ndarray, lam: float) -> tuple:
    """Ridge on standardised ``x`` ``(n, d)`` to ``y`` ``(n, k)``.

    Returns ``(mean, scale, weights, bias)``; the penalty is ``lam * n``
    so that one ``lam`` means the same for any number of frames.
    """
    mean, scale = x.mean(0), x.std(0) + 1e-6
    z = (x - mean) / scale
    gram = z.T @ z + lam * len(z) * np.eye(z.shape[1])
    weights = np.linalg.solve(gram, z.T @ (y - y.mean(0)))
    return mean, scale, weights, y.mean(0)


def predict(model: tuple, x: np.ndarray) -> np.ndarray:
    mean, scale, weights, bias = model
    return (x - mean) / scale @ weights + bias


def probe(train: tuple, val: tuple, test: tuple,
          lambdas: Sequence[float] = LAMBDAS) -> Dict[str, float]:
    """Fit on ``train``, choose the ridge on ``val``, score ``test``.

    Each split is ``(features (n, d), labels (n, 2))``.
    """
    def score(model, split):
        pred = predict(model, split[0])
        return [ccc(pred[:, k], split[1][:, k]) for k in range(len(DIMS))]

    best = max(lambdas, key=lambda lam: float(np.mean(
        score(fit_ridge(*train, lam), val))))
    model = fit_ridge(*train, best)
    out = dict(ridge=best, train_frames=len(train[0]),
               test_frames=len(test[0]))
    for split, name in ((train, 'train'), (val, 'val'), (test, 'test')):
        per_dim = score(model, split)
        out.update({f'{name}_ccc_{d}': v for d, v in zip(DIMS, per_dim)})
        out[f'{name}_ccc_mean'] = float(np.mean(per_dim))
    return out


def load_split(cfg, root: str, split: str, videos: int, frames: int):
    """Normalised clips (first ``frames`` of up to ``videos`` videos),
    their per-frame labels ``(n, 2)`` and the mask of labelled frames."""
    clips, labels, keep = [], [], []
    for clip, sample in iter_split(cfg, root, split, videos):
        clip = clip[:, :, :frames]
        n = clip.shape[2]
        clips.append(clip)
        labels.append(np.asarray(sample.gt_va, np.float64)[:n])
        keep.append(np.asarray(sample.frame_mask, bool)[:n])
    return clips, np.concatenate(labels), np.concatenate(keep)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    add_backbone_args(p)
    p.add_argument('--train-split', default='train')
    p.add_argument('--val-split', default='val')
    p.add_argument('--test-split', default='test')
    p.add_argument('--videos', type=int, default=100,
                   help='at most this many videos per split')
    p.add_argument('--frames', type=int, default=250,
                   help='first frames of each video')
    p.add_argument('--out', help='also write the rows to this JSON file')
    p.add_argument('--overwrite', action='store_true',
                   help='replace an existing --out file')
    args = p.parse_args()
    try:   # before any work, so that a conflict costs nothing
        check_replace(args.out, args.overwrite)
    except FileExistsError as e:
        p.error(str(e))
    cfg = load_config(args.config)
    names = (args.train_split, args.val_split, args.test_split)
    splits = [load_split(cfg, args.root, s, args.videos, args.frames)
              for s in names]
    clips = [clip for split_clips, _, _ in splits for clip in split_clips]
    ends = np.cumsum([len(labels) for _, labels, _ in splits])[:-1]
    rows = {}
    for ckpt in args.checkpoints:   # one model build and load each
        feats = np.split(embed(ckpt, cfg, clips, args.prefix)[0], ends)
        rows[ckpt] = probe(*((f[keep], labels[keep])
                             for f, (_, labels, keep) in zip(feats, splits)))
    print(f"{'checkpoint':58s} {'ridge':>6s} {'ar':>6s} {'val':>6s} "
          f"{'mean':>6s}  (test CCC)")
    for ckpt, r in rows.items():
        print(f"{ckpt[-58:]:58s} {r['ridge']:6g} "
              f"{r['test_ccc_arousal']:6.3f} {r['test_ccc_valence']:6.3f} "
              f"{r['test_ccc_mean']:6.3f}")
    if args.out:
        write_json_atomic(args.out, dict(provenance(), rows=rows))
    print(json.dumps(rows))
