"""Write mmaction2 VideoDataset lists of circumplex quadrants from VA labels.

Usage: python tools/data/va_to_quadrant_list.py data/synthetic [--splits train val test]
Writes <root>/splits/quadrant_<split>.txt (``<id>.mp4 <label>`` lines).
"""
import argparse

from mmaction_vaerr.dataprep import quadrant_counts, write_quadrant_list
from mmaction_vaerr.io import DatasetLayout


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('data_root')
    p.add_argument('--splits', nargs='+', default=['train', 'val', 'test'])
    args = p.parse_args()
    for split in args.splits:
        out = DatasetLayout(args.data_root).split(f'quadrant_{split}')
        lines = write_quadrant_list(args.data_root, split, out)
        print(f'{out}: {len(lines)} videos, per quadrant '
              f'{quadrant_counts(lines)}')


if __name__ == '__main__':
    main()
