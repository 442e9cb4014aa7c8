"""Plan a real-face set: sources -> persons -> subject specs (no rendering)."""
from __future__ import annotations

import os.path as osp
from typing import Dict, List, Optional, Union

from ..synthetic.splits import resolve_splits
from .persons import group_persons
from .cache import load_sources
from .sources import usable
from .subjects import SubjectSpec, plan_subjects

DEFAULT_SPLITS = dict(train=0.6, val=0.2, test=0.2)


def plan_dataset(num_subjects: int, seed: int = 0,
                 splits: Optional[Dict[str, Union[int, float]]] = None,
                 photo_dir: Optional[str] = None,
                 clip_dir: Optional[str] = None,
                 cache_dir: Optional[str] = None) -> List[SubjectSpec]:
    """The :class:`~.subjects.SubjectSpec` list of a dataset (no rendering).

    Persons are found on all faces; only :func:`~.sources.usable` faces
    become textures, and persons without one are left out.
    """
    photo_dir, clip_dir = default_sources(photo_dir, clip_dir)
    faces = load_sources(photo_dir, clip_dir or None, cache_dir)
    persons = group_persons(faces)
    persons = {p: [f for f in fs if usable(f)] for p, fs in persons.items()}
    persons = {p: fs for p, fs in persons.items() if fs}
    split_subjects = resolve_splits(splits or DEFAULT_SPLITS, num_subjects)
    return plan_subjects(persons, split_subjects, seed)


def default_sources(photo_dir, clip_dir):
    """The shared photos and clips next to the repository by default."""
    repo = osp.dirname(osp.dirname(osp.dirname(osp.dirname(
        osp.abspath(__file__)))))
    shared = osp.normpath(osp.join(repo, '..', 'shared', 'data'))
    if photo_dir is None:
        photo_dir = osp.join(shared, 'face_images')
    if clip_dir is None:
        clip_dir = osp.join(shared, 'real_clips')
    return photo_dir, clip_dir


def person_groups(specs) -> Dict[str, str]:
    """Person -> group id; a morph joins its two persons' groups, so a
    re-split by these groups (``make_splits.py --mode subject``) stays
    person-disjoint."""
    parent: Dict[str, str] = {}

    def find(p):
        while parent.setdefault(p, p) != p:
            p = parent[p]
        return p

    for s in specs:
        for q in s.persons:
            parent[find(q)] = find(s.person)
    return {p: 'g_' + find(p) for p in parent}


