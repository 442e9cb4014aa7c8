"""Calibrate the int8 trunk of a trained model on its training clips.

Post-training static quantisation with ONNX Runtime (see
``mmaction_vaerr/export/int8.py``): writes ``DIR/trunk_int8.onnx`` and
``DIR/int8.json`` and, with ``--check``, compares int8 with fp32 on held-out
clips of the test split (CCC of the predictions, mean CCC against the
labels for both). Use the result with ``init_model(CONFIG, CKPT, int8=DIR)``
and ``precision='int8'``, or ``demo_video.py --precision int8 --int8 DIR``.
This is the command line that ``tools/deployment/quantize_int8.py`` runs.
Example::

    python tools/deployment/quantize_int8.py CONFIG CHECKPOINT \\
        --data-root data/synthetic --out work_dirs/int8 --check
"""
import argparse
import json
import sys


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('config')
    p.add_argument('checkpoint')
    p.add_argument('--out', required=True, help='output folder')
    p.add_argument('--data-root', default=None,
                   help='dataset root (default: the config\'s)')
    p.add_argument('--videos', type=int, default=16,
                   help='training videos to calibrate on')
    p.add_argument('--frames', type=int, default=64,
                   help='frames per calibration video')
    p.add_argument('--method', default='Percentile',
                   choices=['Percentile', 'MinMax', 'Entropy'],
                   help='activation calibration (default Percentile: '
                   'outliers do not widen the int8 step)')
    bits = p.add_mutually_exclusive_group()
    bits.add_argument('--weight-bits', default='auto',
                      choices=['auto', '7', '8'],
                      help='auto (default): 8 where this CPU has VNNI/AMX '
                      'int8 dot products, else 7 (ONNX Runtime sums pairs '
                      'in int16 there, exact only for 7-bit weights)')
    bits.add_argument('--full-range', action='store_true',
                      help='the same as --weight-bits 8')
    p.add_argument('--keep-fp32', default=None, metavar='PARTS',
                   help='comma-separated parts of the backbone left in '
                   'fp32 (stem, layer1 ... layer4, or a block: layer1.0); '
                   '"none" quantises all (default: the library\'s, '
                   'mmaction_vaerr.export.int8.KEEP_FP32)')
    p.add_argument('--overwrite', action='store_true',
                   help='replace a calibrated model already in --out')
    p.add_argument('--check', action='store_true',
                   help='compare int8 with fp32 on the test split')
    p.add_argument('--face-size', type=int, default=96,
                   help='side of the aligned test crops for --check')
    args = p.parse_args(argv)
    args.full_range = True if args.full_range else {
        'auto': None, '7': False, '8': True}[args.weight_bits]
    if args.keep_fp32 is not None:
        args.keep_fp32 = () if args.keep_fp32 == 'none' else tuple(
            k.strip() for k in args.keep_fp32.split(',') if k.strip())
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    from mmaction_vaerr.apis import init_model
    from mmaction_vaerr.apis.precision_check import compare_precisions
    from mmaction_vaerr.export.calibration import calibration_clips
    from mmaction_vaerr.export.int8 import KEEP_FP32, quantize_int8
    model = init_model(args.config, args.checkpoint, 'cpu')
    clips = calibration_clips(model.cfg, args.data_root, args.videos,
                              args.frames)
    try:
        quantize_int8(model, clips, args.out, calibrate_method=args.method,
                      overwrite=args.overwrite, full_range=args.full_range,
                      source=f'train split of {args.config}',
                      keep_fp32=KEEP_FP32 if args.keep_fp32 is None
                      else args.keep_fp32)
    except (FileExistsError, ValueError) as e:
        print(f'error: {e}', file=sys.stderr)
        return 1
    print(f'wrote {args.out}')
    if args.check:
        root = args.data_root or model.cfg.test_dataloader.dataset.data_root
        res = compare_precisions(init_model(args.config, args.checkpoint,
                                            int8=args.out), root,
                                 face_size=args.face_size)
        print(json.dumps(res, indent=2))
    return 0
