"""Plot a finished run's training curves to PNG from its logs.

Reads mmengine's ``vis_data/scalars.json`` (``LocalVisBackend``, on in every
mmaction_vaerr config) and writes ``losses.png`` (each loss component vs
iteration) and ``val_ccc.png`` (validation CCC per dimension vs epoch, or
iteration for an iteration-based run).
Example::

    python tools/analysis/plot_curves.py work_dirs/quickstart \\
        --out-dir work_dirs/quickstart/curves

``RUN`` is a work dir (its latest run is used), a timestamped run folder,
its ``vis_data`` folder or the json file itself. Exit status 2 when no
usable log is found.
"""
import argparse
import sys


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('run', help='work dir, run folder or scalars.json')
    p.add_argument('--out-dir', default=None,
                   help='default: <folder of scalars.json>/curves')
    return p.parse_args(argv)


def main(argv=None) -> int:
    import os.path as osp
    from mmaction_vaerr.visualization.curves import (find_scalars,
                                                     load_scalars,
                                                     plot_curves)
    args = parse_args(argv)
    try:
        path = find_scalars(args.run)
        out_dir = args.out_dir or osp.join(osp.dirname(path), 'curves')
        written = plot_curves(load_scalars(path), out_dir)
    except (OSError, ValueError) as e:
        print(f'error: {e}', file=sys.stderr)
        return 2
    print(f'read {path}')
    for p in written.values():
        print(f'wrote {p}')
    return 0
