"""Split lists a user supplies, checked against the videos of a dataset."""
from __future__ import annotations

import logging
import os
from collections import OrderedDict, defaultdict
from typing import Callable, Dict, List, Optional, Sequence

logger = logging.getLogger('mmaction_vaerr.dataprep.splits')


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
