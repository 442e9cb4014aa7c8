"""Measure how much windowed inference differs from a whole-video pass.

A bidirectional model run in overlapping windows (the bounded-memory
default of ``inference_va``) is compared with one pass over the whole
video, for several window / overlap settings. The frame features are
computed once (chunked features are exact), so only the temporal head runs
per setting. Input: an aligned-face video, or by default a long synthetic
video of an unseen identity. Example::

    python tools/analysis/window_tolerance.py CONFIG CHECKPOINT \\
        --frames 1200 --settings 100/24 200/50 400/100

Prints, per setting, the max / mean / 99th percentile absolute difference
of arousal and valence, and the CCC between windowed and whole-video output.
"""
import argparse
import sys

import numpy as np


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('config')
    p.add_argument('checkpoint')
    p.add_argument('--video', default=None,
                   help='aligned-face video (default: synthetic)')
    p.add_argument('--frames', type=int, default=1200,
                   help='length of the synthetic video')
    p.add_argument('--settings', nargs='+',
                   default=['100/24', '200/50', '400/100'],
                   help='window/overlap pairs')
    p.add_argument('--json', default=None, help='also write the results')
    return p.parse_args(argv)


def measure(model, frames: np.ndarray, settings):
    """{setting: stats} of windowed minus whole-video predictions."""
    import torch
    from mmaction_vaerr.apis import FrameEncoder, iter_temporal
    from mmaction_vaerr.evaluation.functional import ccc
    feats = torch.cat(list(FrameEncoder(model).iter_features(iter(frames))))

    def run(window, overlap):
        return torch.cat([r for r, _ in iter_temporal(
            model.cls_head, iter(feats.split(64)), window, overlap)]).numpy()

    whole = run(None, 0)
    out = {}
    for window, overlap in settings:
        pred = run(window, overlap)
        d = np.abs(pred - whole)
        out[f'{window}/{overlap}'] = dict(
            max=float(d.max()), mean=float(d.mean()),
            p99=float(np.percentile(d, 99)),
            ccc_vs_whole=[float(ccc(pred[:, k], whole[:, k]))
                          for k in range(2)])
    return out, whole


def main(argv=None) -> int:
    args = parse_args(argv)
    from mmaction_vaerr.apis import init_model
    settings = []
    for s in args.settings:
        try:
            w, o = (int(x) for x in s.split('/'))
        except ValueError:
            print(f'error: bad setting {s!r}, expected WINDOW/OVERLAP',
                  file=sys.stderr)
            return 2
        settings.append((w, o))
    model = init_model(args.config, args.checkpoint)
    if args.video:
        from mmaction_vaerr.io import iter_frames
        frames = np.stack(list(iter_frames(args.video, 'gray')))
    else:
        from mmaction_vaerr.dataprep.synthetic import synthesize_clip
        frames = synthesize_clip(0, 19, 9, num_frames=args.frames,
                                 time_scale=5.0, with_audio=False).frames
    out, whole = measure(model, frames, settings)
    print(f'{len(frames)} frames; whole-video prediction std (arousal, '
          f'valence): {whole.std(0).round(3).tolist()}')
    for k, v in out.items():
        print(f'window/overlap {k}: max {v["max"]:.2e}, mean '
              f'{v["mean"]:.2e}, p99 {v["p99"]:.2e}, CCC vs whole '
              f'{v["ccc_vs_whole"][0]:.5f} / {v["ccc_vs_whole"][1]:.5f}')
    if args.json:
        from mmaction_vaerr.io import write_json_atomic
        write_json_atomic(args.json, out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
