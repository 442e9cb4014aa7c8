"""Write mmaction2 VideoDataset lists of circumplex quadrants from VA labels.

Usage: python tools/data/va_to_quadrant_list.py data/synthetic \\
    [--splits train val test] [--overwrite]

Writes <root>/splits/quadrant_<split>.txt (``<id>.mp4 <label>`` lines). An
existing list is kept unless ``--overwrite`` is given; every list is checked
before the first one is written.
"""
import argparse

from mmaction_vaerr.dataprep import quadrant_counts, write_quadrant_list
from mmaction_vaerr.io import DatasetLayout, check_replace


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('data_root')
    p.add_argument('--splits', nargs='+', default=['train', 'val', 'test'])
    p.add_argument('--overwrite', action='store_true',
                   help='replace existing quadrant lists')
    args = p.parse_args(argv)
    layout = DatasetLayout(args.data_root)
    outs = {s: layout.split(f'quadrant_{s}') for s in args.splits}
    try:
        for out in outs.values():
            check_replace(out, args.overwrite)
    except FileExistsError as e:
        p.error(str(e))
    for split, out in outs.items():
        lines = write_quadrant_list(args.data_root, split, out)
        print(f'{out}: {len(lines)} videos, per quadrant '
              f'{quadrant_counts(lines)}')


if __name__ == '__main__':
    main()
