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

Subjects. A video's subject is, in order of precedence: the entry in a
``subjects.csv`` map (``video_id,subject``; the AFEW-VA converter writes the
actor there), a ``subject_regex`` whose first group is the subject, or the
first path component of ``video_id`` (``subject_03/video_01``), which for a
flat id is the id itself. AVEC SEWA/RECOLA instance names identify one
recording of one person, so each instance is its own subject unless a map
says otherwise.
"""
from __future__ import annotations

import argparse
import csv
import glob
import logging
import os
import re
from collections import OrderedDict, defaultdict
from typing import Callable, Dict, List, Optional, Sequence, Union

import numpy as np

from ..io import DatasetLayout, atomic_write
from ..datasets.va_annotation import write_split

logger = logging.getLogger(__name__)

SEWA_PAPER_SIZES = (435, 53, 53)
DEFAULT_SPLIT_NAMES = ('train', 'val', 'test')

_PARTITIONS = {
    'train': 'train', 'training': 'train', 'dev': 'dev', 'devel': 'dev',
    'development': 'dev', 'val': 'val', 'valid': 'val', 'validation': 'val',
    'test': 'test'
}
_PARTITION_RE = re.compile(r'^([a-z]+)[_\-]', re.IGNORECASE)


def default_subject_of(video_id: str) -> str:
    """First path component of ``video_id`` (the id itself when flat)."""
    return video_id.split('/', 1)[0]


def regex_subject_of(pattern: str) -> Callable[[str], str]:
    """Subject = first group of ``pattern`` searched in the video id."""
    rx = re.compile(pattern)
    if rx.groups < 1:
        raise ValueError(f'subject regex {pattern!r} needs a capture group')

    def subject_of(video_id: str) -> str:
        m = rx.search(video_id)
        if m is None:
            raise ValueError(f'subject regex {pattern!r} does not match video '
                             f'{video_id!r}')
        return m.group(1)

    return subject_of


def read_subject_map(path: str) -> Dict[str, str]:
    """Read ``video_id,subject`` rows (with that header) from ``path``."""
    with open(path, newline='') as f:
        rows = list(csv.reader(f))
    if not rows or [c.strip() for c in rows[0]] != ['video_id', 'subject']:
        raise ValueError(f'{path}:1: expected header video_id,subject')
    out = {}
    for i, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != 2 or not row[0].strip() or not row[1].strip():
            raise ValueError(f'{path}:{i}: expected video_id,subject, got '
                             f'{row}')
        vid = row[0].strip()
        if vid in out:
            raise ValueError(f'{path}:{i}: video {vid!r} listed twice')
        out[vid] = row[1].strip()
    return out


def update_subject_map(path: str, mapping: Dict[str, str]) -> None:
    """Add or replace entries of a ``subjects.csv`` file."""
    merged = read_subject_map(path) if os.path.isfile(path) else {}
    merged.update(mapping)
    with atomic_write(path) as tmp, open(tmp, 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['video_id', 'subject'])
        for vid in sorted(merged):
            w.writerow([vid, merged[vid]])


def map_subject_of(mapping: Dict[str, str],
                   fallback: Callable[[str], str] = default_subject_of
                   ) -> Callable[[str], str]:
    """Subject from ``mapping``, else from ``fallback``."""
    return lambda vid: mapping[vid] if vid in mapping else fallback(vid)


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


def _list_entries(path: str) -> List[tuple]:
    """(where, video id) pairs of a split list, or of a label folder.

    A folder (e.g. Aff-Wild2's ``VA_Estimation_Challenge/Train_Set``)
    lists the stems of its label files, sorted.
    """
    if os.path.isdir(path):
        stems = sorted(os.path.splitext(f)[0] for f in os.listdir(path)
                       if os.path.splitext(f)[1].lower() in
                       ('.txt', '.csv', '.arff', '.json'))
        return [(os.path.join(path, s), s) for s in stems]
    out = []
    with open(path) as f:
        for line_no, raw in enumerate(f, start=1):
            vid = raw.split('#', 1)[0].strip()
            if vid:
                out.append((f'{path}:{line_no}', vid))
    return out


def load_split_lists(
        files: Dict[str, str],
        known_ids: Sequence[str],
        subject_of: Optional[Callable[[str], str]] = None
) -> 'OrderedDict[str, List[str]]':
    """Read user split lists and check them against the dataset.

    Args:
        files: ``{split name: path}``; one video id per line, ``#``
            comments; or a folder whose label files name the videos.
        known_ids: the dataset's video ids.
        subject_of: when given, subjects shared between splits are logged.

    A list may be given for several splits (``val`` and ``test`` often are
    the same: Aff-Wild2 and RECOLA have no public test labels); otherwise a
    video in two lists is an error.

    Raises:
        ValueError: naming file and line of an unknown or repeated id.
    """
    known = set(known_ids)
    where: Dict[str, str] = {}
    out: 'OrderedDict[str, List[str]]' = OrderedDict()
    for name, path in files.items():
        entries = _list_entries(path)
        ids = [vid for _, vid in entries]
        same = [n for n, prev in out.items() if prev == ids]
        if ids and same:
            logger.info('split %s is the same list as %s', name, same[0])
            out[name] = list(ids)
            continue
        seen_here = set()
        for here, vid in entries:
            if vid not in known:
                raise ValueError(f'{here}: unknown video id {vid!r} (no '
                                 'such label file in the dataset)')
            if vid in where or vid in seen_here:
                raise ValueError(f'{here}: video {vid!r} already listed '
                                 f'at {where.get(vid, path)}')
            seen_here.add(vid)
        for here, vid in entries:
            where[vid] = here
        if not ids:
            raise ValueError(f'{path}: split file lists no videos')
        out[name] = ids
    if subject_of is not None:
        splits_of: Dict[str, set] = defaultdict(set)
        for name, ids in out.items():
            for vid in ids:
                splits_of[subject_of(vid)].add(name)
        shared = sorted(s for s, n in splits_of.items() if len(n) > 1 and
                        len({tuple(out[x]) for x in n}) > 1)
        if shared:
            logger.warning('%d subject(s) appear in more than one split, '
                           'e.g. %r in %s', len(shared), shared[0],
                           sorted(splits_of[shared[0]]))
    return out


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
