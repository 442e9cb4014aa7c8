"""Write mmaction2 VideoDataset lists of circumplex quadrants from VA labels.

Usage: python tools/data/va_to_quadrant_list.py data/synthetic [--splits train val test]
Writes <root>/splits/quadrant_<split>.txt (``<id>.mp4 <label>`` lines).
"""
import argparse
import os.path as osp

from mmaction_vaerr.datasets.va_classification import write_quadrant_list


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('data_root')
    p.add_argument('--splits', nargs='+', default=['train', 'val', 'test'])
    args = p.parse_args()
    for split in args.splits:
        write_quadrant_list(args.data_root, split, osp.join(
            args.data_root, 'splits', f'quadrant_{split}.txt'))


if __name__ == '__main__':
    main()
