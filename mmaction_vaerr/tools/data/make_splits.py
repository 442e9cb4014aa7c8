"""Write split files ``<root>/splits/<name>.txt`` for a canonical dataset.

Modes::

    # subject-disjoint, the paper's SEWA sizes (train/val/test 435/53/53)
    python tools/data/make_splits.py --root data/sewa --mode subject
    # subject-disjoint by fractions, subjects from a map or a regex
    python tools/data/make_splits.py --root data/afew_va --mode subject \\
        --sizes 0.8 0.1 0.1 --seed 0          # uses data/afew_va/subjects.csv
    # official AVEC partitions from instance names (RECOLA train_*/dev_*)
    python tools/data/make_splits.py --root data/recola --mode partition
    # your own lists, checked against the dataset's label files; a list
    # may serve two splits (val = test), a folder lists its label files
    python tools/data/make_splits.py --root data/x --mode lists \\
        --lists train=my_train.txt val=my_val.txt test=my_val.txt
    python tools/data/make_splits.py --root data/affwild2 --mode lists \\
        --lists train=VA_Estimation_Challenge/Train_Set \\
        val=VA_Estimation_Challenge/Validation_Set \\
        test=VA_Estimation_Challenge/Validation_Set
"""
import argparse
import logging
import os
import sys
from typing import Dict, List, Union

from mmaction_vaerr.dataprep.splits import (SEWA_PAPER_SIZES,
                                            default_subject_of,
                                            list_video_ids, load_split_lists,
                                            map_subject_of,
                                            official_partition_split,
                                            read_subject_map,
                                            regex_subject_of,
                                            subject_disjoint_split,
                                            write_splits)


def parse_size(text: str) -> Union[int, float, None]:
    """``435`` -> int, ``0.8`` -> float, ``rest`` -> None."""
    if text.lower() == 'rest':
        return None
    return float(text) if '.' in text else int(text)


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split('\n')[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--root', required=True, help='canonical dataset root')
    p.add_argument('--mode', choices=['subject', 'partition', 'lists'],
                   default='subject')
    p.add_argument('--sizes', nargs='+', type=parse_size,
                   default=list(SEWA_PAPER_SIZES),
                   help='videos per split: counts (one may be "rest") or '
                   'fractions; default: the paper\'s SEWA 435 53 53')
    p.add_argument('--names', nargs='+', default=['train', 'val', 'test'],
                   help='split names; the first takes the remainder')
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--subject-map', default=None,
                   help='video_id,subject CSV (default <root>/subjects.csv '
                   'if it exists)')
    p.add_argument('--subject-regex', default=None,
                   help='regex whose first group is the subject of an id')
    p.add_argument('--lists', nargs='+', default=[],
                   help='name=path pairs for --mode lists (a list file '
                   'or a folder of label files)')
    return p.parse_args(argv)


def subject_function(args: argparse.Namespace):
    fallback = (regex_subject_of(args.subject_regex) if args.subject_regex
                else default_subject_of)
    path = args.subject_map
    if path is None and os.path.isfile(os.path.join(args.root,
                                                    'subjects.csv')):
        path = os.path.join(args.root, 'subjects.csv')
    if path is None:
        return fallback
    return map_subject_of(read_subject_map(path), fallback)


def main(argv=None) -> Dict[str, List[str]]:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format='%(levelname)s %(message)s')
    ids = list_video_ids(args.root)
    if args.mode == 'partition':
        splits = official_partition_split(ids)
    elif args.mode == 'lists':
        bad = [item for item in args.lists if '=' not in item]
        if bad:
            raise SystemExit(f'error: --lists expects name=path, got {bad}')
        files = dict(item.split('=', 1) for item in args.lists)
        if not files:
            raise SystemExit('error: --mode lists needs --lists name=path')
        splits = load_split_lists(files, ids, subject_function(args))
    else:
        splits = subject_disjoint_split(ids, subject_function(args),
                                        args.sizes, args.seed, args.names)
    for path in write_splits(args.root, splits):
        name = os.path.splitext(os.path.basename(path))[0]
        print(f'{name}: {len(splits[name])} videos -> {path}')
    return splits
