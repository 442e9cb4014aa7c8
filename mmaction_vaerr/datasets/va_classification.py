"""Clip-level categorical labels derived from per-frame arousal/valence.

For mmaction2 classification heads (e.g. ``I3DHead``) on VA data: each video
gets the circumplex quadrant of its mean valid (valence, arousal) (Russell,
"A circumplex model of affect", 1980):

====  ==========  ==========  ====================
id    valence     arousal     e.g.
====  ==========  ==========  ====================
0     >= 0        >= 0        happy, excited
1     < 0         >= 0        angry, afraid
2     < 0         < 0         sad, bored
3     >= 0        < 0         calm, content
====  ==========  ==========  ====================
"""
from __future__ import annotations

from typing import List

import numpy as np

from ..io import DatasetLayout
from .va_annotation import VAAnnotation, read_split, read_va_csv

QUADRANTS = ('positive-high', 'negative-high', 'negative-low', 'positive-low')


def va_quadrant(ann: VAAnnotation) -> int:
    """Quadrant id (table above) of the mean valid (valence, arousal)."""
    if not ann.valid.any():
        raise ValueError('no valid frame to label')
    a = float(ann.arousal[ann.valid].mean())
    v = float(ann.valence[ann.valid].mean())
    if a >= 0:
        return 0 if v >= 0 else 1
    return 2 if v < 0 else 3


def write_quadrant_list(data_root: str, split: str, out_file: str,
                        video_ext: str = '.mp4') -> List[str]:
    """Write an mmaction2 ``VideoDataset`` list (``<id>.mp4 <label>``)."""
    lines = []
    layout = DatasetLayout(data_root)
    for vid in read_split(layout.split(split)):
        ann = read_va_csv(layout.label(vid))
        if ann.valid.any():
            lines.append(f'{vid}{video_ext} {va_quadrant(ann)}')
    with open(out_file, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    return lines


def quadrant_counts(lines: List[str]) -> List[int]:
    """Videos per quadrant (0..3) of the lines :func:`write_quadrant_list`
    wrote."""
    return np.bincount([int(line.split()[-1]) for line in lines],
                       minlength=4).tolist()
