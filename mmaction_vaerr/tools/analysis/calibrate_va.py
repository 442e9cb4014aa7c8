"""Calibrate a trained VA model's outputs on its validation split.

    python tools/analysis/calibrate_va.py CONFIG CHECKPOINT \\
        [--out CALIBRATED.pth] [--cfg-options ...] [--overwrite]

fits, per dimension, the affine map that gives the validation predictions
the labels' mean and standard deviation (the CCC-optimal affine correction;
:mod:`mmaction_vaerr.evaluation.calibration`) and writes a checkpoint whose
head applies it in eval mode. Test it as any checkpoint::

    python tools/test.py CONFIG CALIBRATED.pth

The test split is never read. An existing ``--out`` is kept unless
``--overwrite`` is given.
"""
from __future__ import annotations

import argparse
import os.path as osp
from typing import Optional, Sequence

from mmengine.config import DictAction

from mmaction_vaerr.apis.calibrate import calibrate_checkpoint
from mmaction_vaerr.evaluation.calibration import DIMS, VACalibration


def default_out(checkpoint: str) -> str:
    stem, ext = osp.splitext(checkpoint)
    return f'{stem}_calibrated{ext or ".pth"}'


def format_fit(cal: VACalibration) -> str:
    st = cal.stats
    lines = [f"fitted on {st['frames']} valid frames of {st['videos']} "
             'validation videos',
             f"{'':10s} {'pred mean':>9s} {'pred sd':>8s} {'gt mean':>8s} "
             f"{'gt sd':>6s} {'scale':>6s} {'shift':>7s}"]
    for d, name in enumerate(DIMS[:len(cal.scale)]):
        lines.append(f"{name:10s} {st['pred_mean'][d]:9.3f} "
                     f"{st['pred_sd'][d]:8.3f} {st['gt_mean'][d]:8.3f} "
                     f"{st['gt_sd'][d]:6.3f} {cal.scale[d]:6.3f} "
                     f'{cal.shift[d]:+7.3f}')
    return '\n'.join(lines)


def main(argv: Optional[Sequence[str]] = None) -> str:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('config')
    p.add_argument('checkpoint')
    p.add_argument('--out', default=None,
                   help='default: CHECKPOINT with a _calibrated suffix')
    p.add_argument('--work-dir', default=None,
                   help='logs and the validation dump (default: beside '
                   'the checkpoint, calibrate/)')
    p.add_argument('--cfg-options', nargs='+', action=DictAction,
                   default={})
    p.add_argument('--overwrite', action='store_true',
                   help='replace an existing --out file')
    args = p.parse_args(argv)
    import mmaction_vaerr  # noqa: F401  (registers the components)
    from mmaction.utils import register_all_modules
    register_all_modules(init_default_scope=True)
    out = args.out or default_out(args.checkpoint)
    work = args.work_dir or osp.join(osp.dirname(osp.abspath(
        args.checkpoint)), 'calibrate')
    try:
        cal = calibrate_checkpoint(args.config, args.checkpoint, out, work,
                                   args.cfg_options, args.overwrite)
    except FileExistsError as e:
        p.error(str(e))
    print(format_fit(cal))
    print(f'calibrated checkpoint: {out}')
    return out
