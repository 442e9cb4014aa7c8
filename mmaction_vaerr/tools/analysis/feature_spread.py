"""Has a pretext run collapsed its backbone? Feature spread per checkpoint.

Embeds the frames of a split with the backbone of each checkpoint (pretext
or downstream; its keys under ``--prefix``) and reports, on the per-frame
512-d features:

- ``mean_cosine``: mean cosine similarity between two different frames'
  features (1.0 = every frame maps to the same direction);
- ``rel_spread``: root of the total variance over the norm of the mean
  feature (0 = one constant vector for every input);
- ``effective_rank``: exp of the entropy of the normalised singular values
  of the centred features (Roy & Vetterli, EUSIPCO 2007,
  https://ieeexplore.ieee.org/document/7098875): how many directions the
  features really use (0 when they do not vary at all);
- ``video_fraction``: share of the variance explained by the video a frame
  comes from (identity, lighting) rather than by changes within a video
  (expression, mouth), where the labels live.

``random`` in place of a checkpoint measures the initial weights. A
collapsed self-supervised run (DINO's uniform collapse, BYOL's constant
output) shows as mean cosine near 1 and a spread near 0.

Usage: python tools/analysis/feature_spread.py data/synthetic_ssl random \
           work_dirs/ssl_experiment/pretext_dino_20e/epoch_20.pth
       [--split test] [--videos 16] [--frames 64] [--config CFG]
"""
from __future__ import annotations

import argparse
import json
import os.path as osp

import numpy as np

from mmaction_vaerr.tools import REPO

CONFIG = osp.join(REPO, 'configs', 'vaerr',
                  'vaerr_r18-tapstem-gru_scratch_1xb32-autoprec-200it_synthetic.py')


def effective_rank(x: np.ndarray) -> float:
    """Roy & Vetterli's effective rank of the centred rows of ``x``."""
    x = x - x.mean(0)
    s = np.linalg.svd(x, compute_uv=False)
    if s.sum() <= 1e-9 * max(1.0, np.abs(x).max(initial=0.0)):
        return 0.0
    p = s / s.sum()
    p = p[p > 0]
    return float(np.exp(-(p * np.log(p)).sum()))


def spread_stats(feats: np.ndarray, video: np.ndarray) -> dict:
    """Statistics of ``feats`` ``(n, d)``, ``video`` ``(n,)`` its video id."""
    mean = feats.mean(0)
    total = ((feats - mean) ** 2).sum(1).mean()
    unit = feats / np.maximum(np.linalg.norm(feats, axis=1, keepdims=True),
                              1e-12)
    n = len(unit)
    varies = total > 1e-12 * max(1.0, float(mean @ mean))
    cos = (unit @ unit.T).sum() - (unit * unit).sum()
    between = 0.0
    for v in np.unique(video):
        rows = feats[video == v]
        between += len(rows) * ((rows.mean(0) - mean) ** 2).sum()
    return dict(
        frames=n,
        mean_cosine=float(cos / (n * (n - 1))),
        rel_spread=float(np.sqrt(total) / max(np.linalg.norm(mean), 1e-12)),
        effective_rank=effective_rank(feats),
        video_fraction=float(between / n / total) if varies else 0.0)


def iter_split(cfg, root: str, split: str, videos: int):
    """Yield ``(clip, data_sample)`` for up to ``videos`` videos of a split:
    the whole clip ``(1, C, T, H, W)`` normalised as the config's test
    pipeline and preprocessor see it, one video at a time."""
    from mmengine.dataset import pseudo_collate

    from mmaction.registry import DATASETS, MODELS
    prep = MODELS.build(cfg.model.data_preprocessor)
    dataset = DATASETS.build(dict(cfg.test_dataloader.dataset,
                                  data_root=root,
                                  ann_file=f'splits/{split}.txt'))
    for i in range(min(videos, len(dataset))):
        batch = prep(pseudo_collate([dataset[i]]), False)
        yield batch['inputs'].flatten(0, 1), batch['data_samples'][0]


def load_clips(cfg, args) -> list:
    """The first ``--frames`` normalised frames of up to ``--videos``
    videos of the split, decoded once for every checkpoint."""
    return [clip[:, :, :args.frames] for clip, _ in
            iter_split(cfg, args.root, args.split, args.videos)]


def embed(checkpoint: str, cfg, clips: list, prefix: str) -> tuple:
    """Per-frame backbone features ``(frames, 512)`` and their video ids."""
    import torch

    from mmaction.registry import MODELS
    from mmaction_vaerr.models.backbones import load_backbone_weights
    torch.manual_seed(0)
    backbone = MODELS.build(dict(cfg.model.backbone, out_format='nct',
                                 init_cfg=None))
    backbone.init_weights()
    if checkpoint != 'random':
        load_backbone_weights(backbone, checkpoint, prefix)
    backbone.eval()
    with torch.no_grad():
        feats = [backbone(x)[0].T.float().numpy() for x in clips]  # T, 512
    video = np.concatenate([np.full(len(f), i) for i, f in enumerate(feats)])
    return np.concatenate(feats), video


def add_backbone_args(p: argparse.ArgumentParser) -> None:
    """The arguments of every per-checkpoint feature tool: the data root,
    the checkpoints, their backbone key prefix and the downstream config."""
    p.add_argument('root', help='data root with splits/<split>.txt')
    p.add_argument('checkpoints', nargs='+',
                   help="checkpoint files, or 'random' (initial weights)")
    p.add_argument('--prefix', default='backbone.',
                   help="key prefix of the backbone in the checkpoints")
    p.add_argument('--config', default=CONFIG,
                   help='downstream config: backbone, pipeline, normalisation')


def load_config(path: str):
    """The config at ``path``, its default registry scope made current."""
    from mmengine.config import Config
    from mmengine.registry import init_default_scope
    cfg = Config.fromfile(path)
    init_default_scope(cfg.get('default_scope', 'mmaction'))
    return cfg


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    add_backbone_args(p)
    p.add_argument('--split', default='test')
    p.add_argument('--videos', type=int, default=16)
    p.add_argument('--frames', type=int, default=64,
                   help='first frames of each video')
    args = p.parse_args()
    cfg = load_config(args.config)
    clips = load_clips(cfg, args)
    rows = {ckpt: spread_stats(*embed(ckpt, cfg, clips, args.prefix))
            for ckpt in args.checkpoints}
    print(f"{'checkpoint':58s} {'cos':>6s} {'spread':>7s} {'eRank':>6s} "
          f"{'video%':>6s}")
    for ckpt, r in rows.items():
        print(f"{ckpt[-58:]:58s} {r['mean_cosine']:6.3f} "
              f"{r['rel_spread']:7.3f} {r['effective_rank']:6.1f} "
              f"{100 * r['video_fraction']:6.1f}")
    print(json.dumps(rows))
