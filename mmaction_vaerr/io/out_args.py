"""``--out`` / ``--overwrite`` for command lines that write one result file.

The check runs when the arguments are parsed, before any work, so that a
refused output costs nothing (:func:`.atomic.check_replace`).
"""
from __future__ import annotations

import argparse
from typing import Optional, Sequence

from .atomic import check_replace


def add_out_args(parser: argparse.ArgumentParser, what: str) -> None:
    """Add ``--out`` (``what``: its help) and ``--overwrite``."""
    parser.add_argument('--out', default=None, help=f'{what} (an existing '
                        'file: only one this tool wrote, or with '
                        '--overwrite)')
    parser.add_argument('--overwrite', action='store_true',
                        help='replace an existing --out file')


def parse_guarded(parser: argparse.ArgumentParser,
                  argv: Optional[Sequence[str]],
                  tool: str) -> argparse.Namespace:
    """``parser.parse_args(argv)``; exits with a usage error (status 2)
    naming the file when ``--out`` may not be replaced."""
    args = parser.parse_args(argv)
    try:
        check_replace(args.out, args.overwrite, tool)
    except FileExistsError as e:
        parser.error(str(e))
    return args
