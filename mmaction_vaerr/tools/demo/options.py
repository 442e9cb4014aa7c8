"""The precision options both demos take (``--precision``, ``--int8``,
``--bf16``), and their one cross-check."""
from __future__ import annotations

import argparse
from typing import Optional


def add_precision_options(p: argparse.ArgumentParser) -> None:
    """Add ``--precision {auto,fp32,bf16,int8}``, ``--int8 DIR``, ``--bf16``."""
    p.add_argument('--precision', default='auto',
                   choices=['auto', 'fp32', 'bf16', 'int8'],
                   help="backbone precision: 'auto' = bf16 only where the "
                   'CPU runs it natively (logged), int8 needs --int8')
    p.add_argument('--int8', metavar='DIR', default=None,
                   help='calibrated int8 trunk '
                   '(tools/deployment/quantize_int8.py)')
    p.add_argument('--bf16', action='store_true',
                   help='same as --precision bf16')


def precision_problem(args: argparse.Namespace) -> Optional[str]:
    """What is wrong with the parsed precision options, or None."""
    if args.precision == 'int8' and not args.int8:
        return ('--precision int8 needs --int8 DIR (make it with '
                'tools/deployment/quantize_int8.py)')
    return None
