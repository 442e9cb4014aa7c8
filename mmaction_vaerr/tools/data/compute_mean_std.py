"""Mean/std of grayscale pixels over a split, for the data_preprocessor.

    python tools/data/compute_mean_std.py --root data/sewa --split train \\
        --frame-step 5

prints the values on the 0..1 scale (over valid frames only: frames whose
label is invalid, e.g. Aff-Wild2's black stand-ins for frames without a
face, are left out; ``--all-frames`` counts them) and the line to paste
into a config's ``data_preprocessor`` (0..255 scale), e.g.
``mean=[107.355], std=[42.075]`` for the lip-reading 0.421 / 0.165.

``--config-out configs/_base_/datasets/stats/sewa.json`` writes the values as
a config base that the dataset config inherits (``pixel_mean`` /
``pixel_std`` on the 0..255 scale, read by the paper configs'
``data_preprocessor``), with the command and counts that produced them.
An existing ``--out`` / ``--config-out`` file is kept unless ``--overwrite``
is given (or, for ``--out``, this tool wrote it); the check runs before the
frames are read.
"""
import argparse
import json
import os
import sys

from mmaction_vaerr.datasets import read_split, read_va_csv
from mmaction_vaerr.io import (DatasetLayout, atomic_write, check_replace,
                               write_json_atomic)
from mmaction_vaerr.dataprep.stats import (compute_mean_std, dataset_sources,
                                           preprocessor_values)

TOOL = 'tools/data/compute_mean_std.py'


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--root', required=True, help='canonical dataset root')
    p.add_argument('--split', default='train',
                   help='split name (<root>/splits/<split>.txt)')
    p.add_argument('--frame-step', type=int, default=1,
                   help='use every n-th frame (faster, nearly the same '
                   'values)')
    p.add_argument('--max-frames-per-video', type=int, default=None)
    p.add_argument('--all-frames', action='store_true',
                   help='also count frames whose label is invalid')
    p.add_argument('--out', default=None, help='also write a JSON file')
    p.add_argument('--config-out', default=None,
                   help='write a config base (JSON) with pixel_mean / '
                   'pixel_std, e.g. configs/_base_/datasets/stats/sewa.json')
    p.add_argument('--overwrite', action='store_true',
                   help='replace an existing --out / --config-out file')
    args = p.parse_args(argv)
    try:
        check_replace(args.out, args.overwrite, TOOL)
        check_replace(args.config_out, args.overwrite)
    except FileExistsError as e:
        p.error(str(e))
    return args


def write_config_stats(path: str, result: dict, command: str,
                       overwrite: bool = False) -> None:
    """Write ``pixel_mean`` / ``pixel_std`` (0..255) as a JSON config base."""
    check_replace(path, overwrite)
    stats = dict(pixel_mean=[round(result['mean_255'], 3)],
                 pixel_std=[round(result['std_255'], 3)],
                 pixel_stats=dict(command=command, frames=result['frames'],
                                  videos=result['videos']))
    with atomic_write(path) as tmp, open(tmp, 'w') as f:
        json.dump(stats, f, indent=2)
        f.write('\n')


def main(argv=None) -> dict:
    args = parse_args(argv)
    layout = DatasetLayout(args.root)
    ids = read_split(layout.split(args.split))
    masks = None
    if not args.all_frames:
        masks, unlabelled = [], []
        for vid in ids:
            label = layout.label(vid)
            if os.path.isfile(label):
                masks.append(read_va_csv(label).valid)
            else:       # no labels (yet): every frame counts
                masks.append(None)
                unlabelled.append(vid)
        if unlabelled:
            print(f'{len(unlabelled)} video(s) without a label file, all '
                  f'their frames counted, e.g. {unlabelled[0]}')
    mean, std, frames = compute_mean_std(
        dataset_sources(args.root, ids), args.frame_step,
        args.max_frames_per_video, masks=masks)
    result = {'mean': mean, 'std': std, 'frames': frames, 'videos': len(ids),
              'mean_255': mean * 255, 'std_255': std * 255}
    print(f'{len(ids)} videos, {frames} frames: mean {mean:.4f}, '
          f'std {std:.4f} (pixel / 255)')
    print(f'data_preprocessor: {preprocessor_values(mean, std)}')
    if args.out:
        write_json_atomic(args.out, result, indent=2, tool=TOOL)
    if args.config_out:
        argv = sys.argv[1:] if argv is None else argv
        write_config_stats(args.config_out, result, ' '.join(
            ['python tools/data/compute_mean_std.py'] + list(argv)),
            args.overwrite)
    return result
