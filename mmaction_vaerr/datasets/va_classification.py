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

The ``VideoDataset`` list files are written by
:mod:`mmaction_vaerr.dataprep.quadrant_list`.
"""
from __future__ import annotations

from .va_annotation import VAAnnotation

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
