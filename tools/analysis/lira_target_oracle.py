"""How much of LiRA's audio target can be predicted from the face at all?

On a synthetic set (``tools/data/generate_synthetic.py``) the generator knows
each frame's mouth opening and arousal, the quantities its audio track is
made from. This fits least squares from them (with +-1 frame of mouth
context) to LiRA's per-video normalised log-mel targets on two thirds of the
videos and reports, on the other third, the L1 error of that oracle next to
the L1 of predicting 0 (the per-video mean). A LiRA pretext loss near the
second number means the visual frontend has learned little; the first is
what a frontend that reads the mouth perfectly could reach with a linear
readout.

Usage: python tools/analysis/lira_target_oracle.py data/synthetic_ssl
       [--split pretrain] [--videos 24] [--n-mels 80]
"""
from __future__ import annotations

import argparse
import json
import os.path as osp

import numpy as np


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument('root')
    p.add_argument('--split', default='pretrain')
    p.add_argument('--videos', type=int, default=24)
    p.add_argument('--n-mels', type=int, default=80)
    args = p.parse_args()
    from mmaction_vaerr.dataprep.synthetic.clip import synthesize_clip
    from mmaction_vaerr.io import DatasetLayout
    from mmaction_vaerr.datasets.transforms.audio_targets import \
        LoadAudioTargets
    with open(osp.join(args.root, 'meta.json')) as f:
        meta = json.load(f)
    prm = meta['params']
    layout = DatasetLayout(args.root)
    with open(layout.split(args.split)) as f:
        ids = [line.strip() for line in f if line.strip()][:args.videos]
    if len(ids) < 3:
        raise SystemExit(f'{args.root}: need >= 3 videos in {args.split}')
    targets = LoadAudioTargets(kind='logmel', n_mels=args.n_mels,
                               normalize=True)
    xs, ys = [], []
    for vid in ids:
        subject, video = (int(part[1:]) for part in vid.split('/'))
        clip = synthesize_clip(
            meta['seed'], subject, video, num_frames=tuple(prm['num_frames']),
            fps=prm['fps'], size=prm['size'], time_scale=prm['time_scale'],
            with_audio=False)
        y, valid = targets.video_targets(
            layout.video(vid), len(clip.va),
            prm['fps'])
        m, a = clip.mouth_open, clip.va[:, 0]
        x = np.stack([m, np.roll(m, 1), np.roll(m, -1), a, m * a], 1)
        x = (x - x.mean(0)) / (x.std(0) + 1e-6)
        xs.append(np.c_[x, np.ones(len(x))][valid])
        ys.append(y[valid])
    n = len(xs) * 2 // 3
    xt, yt = np.concatenate(xs[:n]), np.concatenate(ys[:n])
    xv, yv = np.concatenate(xs[n:]), np.concatenate(ys[n:])
    w = np.linalg.lstsq(xt, yt, rcond=None)[0]
    err = xv @ w - yv
    r2 = 1 - (err ** 2).mean(0) / yv.var(0)
    print(f'{len(ids)} videos ({n} fit, {len(ids) - n} held out), '
          f'{args.n_mels} log-mel bands')
    print(f'L1, predict 0 (per-video mean):        {np.abs(yv).mean():.3f}')
    print(f'L1, oracle from mouth opening/arousal: {np.abs(err).mean():.3f}')
    print(f'mean R^2 over bands:                   {r2.mean():.3f}')


if __name__ == '__main__':
    main()
