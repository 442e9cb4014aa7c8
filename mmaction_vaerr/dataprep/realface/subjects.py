"""Subjects of the real-face set: which real persons, photos and variants.

Splits are made on *persons* (:mod:`.persons`), never on photos: persons
are shuffled with the dataset seed and dealt to the splits in proportion
to the splits' subject counts (at least one person per split). A subject
of a split is built only from persons of that split:

* round one: each person of the split once, as photographed (mirrored
  with probability 1/2);
* later rounds (more subjects than persons) and, with probability
  ``morph_prob``, in round one too: a morph of the person with another
  person of the same split (a new identity, still inside the split);
* every subject gets its own colour change (channel gains, gamma) and
  shape change (face width, jaw, eye spacing, nose, mouth, face length).

Video ``v`` of a subject uses the person's ``(offset + v)``-th photo, so
the videos of one subject show different photos (ages, lighting, pose)
where the person has several.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Sequence

import cv2
import numpy as np

from .sources import FaceSource
from .texture import (Canvas, FaceTexture, from_photo, mirror, morph,
                      recolour, reshape)

_SUBJECT_SALT = 0x5B1


@dataclass
class SubjectSpec:
    """How subject ``index`` is made (picklable, goes to worker processes)."""

    index: int
    split: str
    person: str
    faces: List[FaceSource]
    partner: str = ''
    partner_faces: List[FaceSource] = field(default_factory=list)
    morph_weight: float = 0.0
    mirrored: bool = False
    gains: tuple = (1.0, 1.0, 1.0)
    gamma: float = 1.0
    shape_seed: int = 0
    shape_amount: float = 0.0
    offset: int = 0
    voice_f0: float = 140.0

    @property
    def persons(self) -> List[str]:
        return sorted({self.person} | ({self.partner} - {''}))


def split_persons(persons: Sequence[str], split_subjects: Dict[str, List],
                  seed: int) -> Dict[str, List[str]]:
    """Deal shuffled persons to splits in proportion to their subjects."""
    names = [n for n, s in split_subjects.items() if len(s)]
    if len(persons) < len(names):
        raise ValueError(f'{len(persons)} persons cannot fill the '
                         f'{len(names)} non-empty splits {names}')
    order = list(persons)
    np.random.default_rng([seed, _SUBJECT_SALT]).shuffle(order)
    weight = np.array([len(split_subjects[n]) for n in names], float)
    exact = weight / weight.sum() * len(order)
    counts = np.maximum(np.floor(exact).astype(int), 1)
    while counts.sum() > len(order):
        counts[int(np.argmax(counts))] -= 1
    for i in np.argsort(-(exact - np.floor(exact)), kind='stable'):
        if counts.sum() >= len(order):
            break
        counts[i] += 1
    out, start = {n: [] for n in split_subjects}, 0
    for n, c in zip(names, counts):
        out[n] = sorted(order[start:start + c])
        start += c
    return out


def plan_subjects(persons: Dict[str, List[FaceSource]],
                  split_subjects: Dict[str, List[int]], seed: int,
                  morph_prob: float = 0.3) -> List[SubjectSpec]:
    """One :class:`SubjectSpec` per subject index of ``split_subjects``."""
    by_split = split_persons(sorted(persons), split_subjects, seed)
    specs = []
    for split, indices in split_subjects.items():
        pool = by_split[split]
        for j, s in enumerate(indices):
            rng = np.random.default_rng([seed, _SUBJECT_SALT, s])
            person = pool[j % len(pool)]
            spec = SubjectSpec(index=s, split=split, person=person,
                               faces=persons[person])
            others = [p for p in pool if p != person]
            if others and (j >= len(pool) or rng.random() < morph_prob):
                spec.partner = others[int(rng.integers(len(others)))]
                spec.partner_faces = persons[spec.partner]
                spec.morph_weight = float(rng.uniform(0.3, 0.6))
            spec.mirrored = bool(rng.random() < 0.5)
            g = rng.uniform(0.86, 1.14, 3)
            spec.gains = tuple(float(x) for x in g / g.mean() *
                               rng.uniform(0.9, 1.1))
            spec.gamma = float(rng.uniform(0.85, 1.15))
            spec.shape_seed = int(rng.integers(2 ** 31))
            spec.shape_amount = float(rng.uniform(0.3, 1.0))
            spec.offset = int(rng.integers(1 << 16))
            spec.voice_f0 = float(rng.uniform(95.0, 230.0))
            specs.append(spec)
    return sorted(specs, key=lambda x: x.index)


def _read(face: FaceSource) -> np.ndarray:
    if face.kind == 'clip':
        cap = cv2.VideoCapture(face.path)
        cap.set(cv2.CAP_PROP_POS_FRAMES, face.frame)
        ok, img = cap.read()
        cap.release()
        if not ok:
            raise ValueError(f'{face.path}: cannot read frame {face.frame}')
    else:
        img = cv2.imread(face.path, cv2.IMREAD_COLOR)
        if img is None:
            raise ValueError(f'{face.path}: cannot read image')
    return cv2.cvtColor(img, cv2.COLOR_BGR2RGB)


def _texture(face: FaceSource, person: str, canvas: Canvas) -> FaceTexture:
    return from_photo(_read(face), np.asarray(face.landmarks), canvas,
                      (person, ), face.key)


def subject_texture(spec: SubjectSpec, video: int,
                    canvas: Canvas) -> FaceTexture:
    """The texture of ``spec``'s video ``video``."""
    face = spec.faces[(spec.offset + video) % len(spec.faces)]
    tex = _texture(face, spec.person, canvas)
    if spec.partner:
        other = spec.partner_faces[(spec.offset + video) %
                                   len(spec.partner_faces)]
        tex = morph(tex, _texture(other, spec.partner, canvas),
                    spec.morph_weight, canvas)
    if spec.mirrored:
        tex = mirror(tex)
    tex = recolour(tex, np.array(spec.gains), spec.gamma)
    return reshape(tex, np.random.default_rng(spec.shape_seed),
                   spec.shape_amount)
