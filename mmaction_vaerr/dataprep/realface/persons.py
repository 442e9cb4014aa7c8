"""Who is who among the source faces: persons for subject-disjoint splits.

The photo file names do not say who is in them (``deepface_img12.jpg``), and
group photos hold several people, so persons are found from the faces
themselves: two faces are the same person when their dlib face descriptors
are closer than 0.6 (Euclidean; the threshold dlib documents for its
descriptor, King 2017, http://blog.dlib.net/2017/02/
high-quality-face-recognition-with-deep.html), and every frame of one clip is
one person. Persons are the connected components of that graph (single
linkage). Single linkage merges rather than splits: a wrong merge only
makes two people one (fewer persons, splits still disjoint), while a wrong
split could put one person in two splits, which this rule avoids as far as
the descriptor can tell.
"""
from __future__ import annotations

from typing import Dict, List, Sequence

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from .sources import FaceSource

SAME_PERSON_DISTANCE = 0.6


def group_persons(faces: Sequence[FaceSource],
                  threshold: float = SAME_PERSON_DISTANCE
                  ) -> Dict[str, List[FaceSource]]:
    """Map a person id (``p00``, ``p01``, ...) to that person's faces.

    Persons are numbered in order of their first face in ``faces``, and
    their faces keep that order, so the result is deterministic.
    """
    n = len(faces)
    if n == 0:
        return {}
    desc = np.array([f.descriptor for f in faces], np.float64)
    dist = np.sqrt(((desc[:, None] - desc[None]) ** 2).sum(-1))
    link = dist < threshold
    groups = [f.group for f in faces]
    link |= np.array(groups)[:, None] == np.array(groups)[None]
    _, labels = connected_components(csr_matrix(link), directed=False)
    order: Dict[int, int] = {}
    for lab in labels:
        order.setdefault(int(lab), len(order))
    width = max(2, len(str(len(order) - 1)))
    out: Dict[str, List[FaceSource]] = {}
    for face, lab in zip(faces, labels):
        out.setdefault(f'p{order[int(lab)]:0{width}d}', []).append(face)
    return out
