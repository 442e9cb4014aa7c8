"""Train/val/test splits of a canonical dataset root.

Three ways to split (all write ``<root>/splits/<name>.txt``):

* :func:`subject_disjoint_split`: every subject's videos land in one split,
  chosen by a seeded shuffle of the subjects; the paper's SEWA sizes are
  ``SEWA_PAPER_SIZES`` (435 / 53 / 53 videos for train / val / test, as
  in Jegorova, Petridis and Pantic, "Self-Supervised Apparent Emotional
  Reaction Recognition from Video", IEEE FG 2023).
* :func:`official_partition_split`: the AVEC partitions encoded in instance
  names: RECOLA ``train_1`` .. ``dev_9`` (results are reported on ``dev``),
  SEWA AVEC 2019 ``Train_DE_01`` / ``Devel_HU_03`` / ``Test_CN_05``.
* :func:`load_split_lists`: lists the user supplies, checked against the
  videos that exist.

Subjects (:mod:`.subjects`; the list reader is :mod:`.split_lists`, both
re-exported here). A video's subject is, in order of precedence: the entry in a
``subjects.csv`` map (``video_id,subject``; the AFEW-VA converter writes the
actor there), a ``subject_regex`` whose first group is the subject, or the
first path component of ``video_id`` (``subject_03/video_01``), which for a
flat id is the id itself. AVEC SEWA/RECOLA instance names identify one
recording of one person, so each instance is its own subject unless a map
says otherwise.
"""
from __future__ import annotations

import argparse
import glob
import logging
import os
import re
from collections import OrderedDict, defaultdict
from typing import Callable, Dict, List, Optional, Sequence, Union

import numpy as np

from ..io import DatasetLayout
from ..datasets.va_annotation import write_split
from .split_lists import load_split_lists
from .subjects import (default_subject_of, map_subject_of, read_subject_map,
                       regex_subject_of, update_subject_map)

__all__ = [
    'DEFAULT_SPLIT_NAMES', 'SEWA_PAPER_SIZES', 'default_subject_of',
    'list_video_ids', 'load_split_lists', 'map_subject_of', 'parse_splits',
    'official_partition_split', 'read_subject_map', 'regex_subject_of',
    'subject_disjoint_split', 'update_subject_map', 'write_splits'
]

logger = logging.getLogger(__name__)

SEWA_PAPER_SIZES = (435, 53, 53)
DEFAULT_SPLIT_NAMES = ('train', 'val', 'test')

_PARTITIONS = {
    'train': 'train', 'training': 'train', 'dev': 'dev', 'devel': 'dev',
    'development': 'dev', 'val': 'val', 'valid': 'val', 'validation': 'val',
    'test': 'test'
}
_PARTITION_RE = re.compile(r'^([a-z]+)[_\-]', re.IGNORECASE)


def list_video_ids(root: str) -> List[str]:
    """Video ids of a canonical root: ``<root>/labels/**/<id>.csv``, sorted."""
    labels = DatasetLayout(root).dir(DatasetLayout.LABELS)
    if not os.path.isdir(labels):
        raise FileNotFoundError(f'no labels folder in {root}')
    ids = [
        os.path.relpath(p, labels)[:-len('.csv')].replace(os.sep, '/')
        for p in glob.glob(os.path.join(labels, '**', '*.csv'), recursive=True)
    ]
    if not ids:
        raise ValueError(f'{labels} holds no label files')
    return sorted(ids)


def _target_sizes(sizes: Sequence[Union[int, float, None]],
                  n: int) -> List[int]:
    """Counts per split from counts (one may be None: the rest) or fractions.

    With fractions (floats summing to 1) every split but the first gets
    ``round(f * n)`` and the first takes the rest.
    """
    floats = [isinstance(s, float) for s in sizes]
    if any(floats) and not all(floats):
        raise ValueError(f'give all sizes as counts or all as fractions: '
                         f'{list(sizes)}')
    if all(floats):
        if abs(sum(sizes) - 1.0) > 1e-6 or min(sizes) < 0:
            raise ValueError(f'fractions must be >= 0 and sum to 1: {sizes}')
        counts = [int(round(f * n)) for f in sizes]
        counts[0] = n - sum(counts[1:])
    else:
        if sum(s is None for s in sizes) > 1:
            raise ValueError(f'at most one size may be None (the rest): '
                             f'{sizes}')
        fixed = sum(int(s) for s in sizes if s is not None)
        counts = [n - fixed if s is None else int(s) for s in sizes]
        if sum(counts) != n:
            raise ValueError(
                f'split sizes {list(sizes)} sum to {fixed} but there are {n} '
                'videos; give fractions (e.g. 0.8 0.1 0.1) or leave one size '
                "as None ('rest' on the command line) for the remainder")
    if min(counts) < 0:
        raise ValueError(f'split sizes {sizes} exceed the {n} videos')
    return counts


def subject_disjoint_split(
        video_ids: Sequence[str],
        subject_of: Optional[Callable[[str], str]] = None,
        sizes: Sequence[Union[int, float, None]] = SEWA_PAPER_SIZES,
        seed: int = 0,
        names: Sequence[str] = DEFAULT_SPLIT_NAMES
) -> 'OrderedDict[str, List[str]]':
    """Split videos so that no subject appears in two splits.

    Subjects are sorted, shuffled with ``numpy.random.default_rng(seed)``
    and assigned in that order: a subject goes to the first split after
    ``names[0]`` that still has room for all its videos, else to
    ``names[0]`` (which takes the rest). The result depends only on the set
    of ids, the subject function, the sizes and the seed.

    Args:
        video_ids: the videos to split (unique).
        subject_of: video id -> subject; :func:`default_subject_of` if None.
        sizes: videos per split: counts summing to the number of videos
            (one may be None for the rest), or fractions summing to 1.
        seed: shuffle seed.
        names: split names, the first one being the remainder split.

    Returns:
        ``{name: sorted video ids}``. A warning is logged when subject sizes
        make an exact count impossible.
    """
    if len(sizes) != len(names):
        raise ValueError(f'{len(sizes)} sizes for {len(names)} split names')
    if len(set(video_ids)) != len(video_ids):
        raise ValueError('video ids are not unique')
    subject_of = subject_of or default_subject_of
    targets = _target_sizes(sizes, len(video_ids))
    groups: Dict[str, List[str]] = defaultdict(list)
    for vid in video_ids:
        groups[subject_of(vid)].append(vid)
    subjects = sorted(groups)
    order = np.random.default_rng(seed).permutation(len(subjects))
    out: 'OrderedDict[str, List[str]]' = OrderedDict((n, []) for n in names)
    for i in order:
        vids = groups[subjects[i]]
        dest = names[0]
        for name, target in zip(names[1:], targets[1:]):
            if len(out[name]) + len(vids) <= target:
                dest = name
                break
        out[dest].extend(vids)
    for name, target in zip(names, targets):
        out[name].sort()
        if len(out[name]) != target:
            logger.warning('split %s has %d videos instead of %d (subjects '
                           'with several videos cannot be divided)', name,
                           len(out[name]), target)
    return out


def official_partition_split(
        video_ids: Sequence[str]) -> 'OrderedDict[str, List[str]]':
    """Split by the partition prefix of AVEC instance names.

    ``train_3`` / ``Train_DE_01`` -> ``train``; ``dev_1`` / ``Devel_HU_03``
    -> ``dev``; ``val_*`` / ``Validation_*`` -> ``val``; ``test_*`` ->
    ``test``. The last path component of the id is inspected.

    Raises:
        ValueError: for an id without a known partition prefix.
    """
    out: Dict[str, List[str]] = OrderedDict()
    for vid in sorted(video_ids):
        m = _PARTITION_RE.match(vid.rsplit('/', 1)[-1])
        part = _PARTITIONS.get(m.group(1).lower()) if m else None
        if part is None:
            raise ValueError(
                f'video {vid!r} has no partition prefix (one of '
                f'{sorted(_PARTITIONS)} followed by _ or -)')
        out.setdefault(part, []).append(vid)
    return OrderedDict((k, out[k]) for k in ('train', 'dev', 'val', 'test')
                       if k in out)


def write_splits(root: str, splits: Dict[str, List[str]]) -> List[str]:
    """Write ``<root>/splits/<name>.txt`` for each non-empty split.

    An empty split writes nothing and removes an older file of that name.
    Returns the written paths.
    """
    paths = []
    for name, ids in splits.items():
        path = DatasetLayout(root).split(name)
        if not ids:
            logger.warning('split %s is empty; not written', name)
            if os.path.isfile(path):
                os.remove(path)  # never leave a stale list behind
            continue
        write_split(path, list(ids))
        paths.append(path)
    return paths


def parse_splits(items: List[str]) -> Dict[str, Union[int, float]]:
    """``['train=10', 'val=0.2']`` -> ``{'train': 10, 'val': 0.2}``."""
    out: Dict[str, Union[int, float]] = {}
    for item in items:
        name, sep, value = item.partition('=')
        if not sep or not name:
            raise argparse.ArgumentTypeError(
                f'--splits expects NAME=COUNT or NAME=FRACTION, got {item!r}')
        try:
            out[name] = float(value) if '.' in value else int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f'--splits {item!r}: {value!r} is not a number') from None
    return out
