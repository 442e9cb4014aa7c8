"""Export a trained model to ONNX and check it against PyTorch.

Writes ``frames.onnx`` (pixels (N, 1, T, 96, 96) in [0, 255] -> per-frame
features (N, T, 512)) and ``temporal.onnx`` (features, h0 -> arousal/valence
``reg``, bin ``prob``, ``hn``); see ``mmaction_vaerr/export/onnx.py``. With
``--check`` both are run with onnxruntime on a random clip and compared with
PyTorch. Example::

    python tools/deployment/export_onnx.py CONFIG CHECKPOINT \\
        --out-dir work_dirs/onnx --check

Exit status 1 when the check exceeds ``--atol``.
"""
import argparse
import sys


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('config')
    p.add_argument('checkpoint')
    p.add_argument('--out-dir', default='work_dirs/onnx')
    p.add_argument('--num-frames', type=int, default=16,
                   help='clip length of the example input (T is dynamic)')
    p.add_argument('--opset', type=int, default=17)
    p.add_argument('--check', action='store_true',
                   help='compare onnxruntime with PyTorch')
    p.add_argument('--atol', type=float, default=1e-4)
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    from mmaction_vaerr.apis import init_model
    from mmaction_vaerr.export import check_onnx, export_onnx
    model = init_model(args.config, args.checkpoint, 'cpu')
    paths = export_onnx(model, args.out_dir, args.num_frames,
                        opset=args.opset)
    for p in paths.values():
        print(f'wrote {p}')
    if args.check:
        # another length than the export's: the time axis is dynamic
        diffs = check_onnx(model, paths, num_frames=args.num_frames + 3)
        print('max |onnxruntime - pytorch|: ' + ', '.join(
            f'{k} {v:.2e}' for k, v in diffs.items()))
        if max(diffs.values()) > args.atol:
            print(f'error: difference above {args.atol}', file=sys.stderr)
            return 1
    return 0
