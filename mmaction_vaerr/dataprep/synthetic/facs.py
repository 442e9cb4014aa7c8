"""Action units and expression classes of a synthetic face, by construction.

The renderer (:mod:`.face_renderer`) moves four face parts; each frame's
labels are read off the very quantities it draws, with the FACS action
units (Ekman and Friesen, *Facial Action Coding System*, 1978) they
correspond to. Thresholds are on the drawn geometry (face-local units; the
comments give the pixel displacement at 96x96 for a typical face):

=====  ==================================  =================================
AU     drawn as                            active when
=====  ==================================  =================================
AU1    brows raised and arched (inner)     ``s = expressivity * valence``
AU2    (whole brow, so outer too)          ``s >= 0.4`` (~1 px up + arch)
AU4    inner brow ends pulled down         ``-s >= 0.4`` (~1.4 px down)
AU12   mouth corners up (smile)            curvature ``c >= 0.4`` (~1 px)
AU15   mouth corners down (frown)          ``c <= -0.4``
AU25   lips apart (mouth drawn open)       opening ``m >= 0.15``
AU26   jaw drop (wide opening)             ``m >= 0.45``
=====  ==================================  =================================

``c`` is :func:`~.identity.mouth_curvature` (valence plus the subject's
resting smile), ``m`` is :func:`~.identity.mouth_opening` (arousal plus
speech). The renderer never draws AU6 (cheek raiser), AU7 (lid
tightener), AU10 (upper-lip raiser), AU23 (lip tightener) or AU24 (lip
pressor): those columns are written ``-1`` (unlabelled), so no loss or
metric uses them. Eye opening (AU5, upper-lid raiser: pre-blink opening
``>= 0.85``) and blinks (AU45) are drawn but are not among ABAW's 12 AUs;
AU5 is used for the expression only, and a blink changes no label.

The expression is the first EMFACS-style prototype (Friesen and Ekman,
1983) whose drawable AUs are all active:

==========  ==============================  ==========================
class       rule (first match)              EMFACS prototype
==========  ==============================  ==========================
surprise    AU1 + AU2 + AU5 + AU26          1+2+5B+26
happiness   AU12                            6+12
fear        AU4 + AU5 + AU26                1+2+4+5+20+26
anger       AU4 + AU5                       4+5+7+23
sadness     AU4 + AU15                      1+4+15
disgust     AU15                            9+15+16
neutral     none of AU1, 2, 4, 12, 15, 5    (lips may move in speech)
other       anything else                   (e.g. raised brows alone)
==========  ==============================  ==========================
"""
from __future__ import annotations

from typing import Tuple

import numpy as np

from ...labels import ABAW_AUS, EXPR_CLASSES
from .identity import FaceIdentity, mouth_curvature, mouth_opening

BROW_T = 0.4
CURVE_T = 0.4
LIPS_PART_T = 0.15
JAW_DROP_T = 0.45
EYE_WIDE_T = 0.85
DRAWN_AUS = ('AU1', 'AU2', 'AU4', 'AU12', 'AU15', 'AU25', 'AU26')


def drawn_actions(identity: FaceIdentity, arousal: np.ndarray,
                  valence: np.ndarray, talk: np.ndarray) -> dict:
    """Per-frame bool activations of the drawn AUs (and ``AU5``)."""
    arousal = np.asarray(arousal, np.float64)
    valence = np.asarray(valence, np.float64)
    s = identity.expressivity * valence               # as the brow drawing
    c = np.array([mouth_curvature(identity, float(v)) for v in valence])
    m = mouth_opening(identity, arousal, talk)
    eye = np.clip(identity.resting_eye + 0.35 * identity.expressivity *
                  arousal, 0.15, 1.0)                 # before any blink
    raised = s >= BROW_T
    return dict(AU1=raised, AU2=raised, AU4=-s >= BROW_T,
                AU12=c >= CURVE_T, AU15=c <= -CURVE_T,
                AU25=m >= LIPS_PART_T, AU26=m >= JAW_DROP_T,
                AU5=eye >= EYE_WIDE_T)


def expression_of(act: dict) -> np.ndarray:
    """(T,) expression ids (:data:`~mmaction_vaerr.labels.EXPR_CLASSES`)."""
    a = act
    rules = [('surprise', a['AU1'] & a['AU2'] & a['AU5'] & a['AU26']),
             ('happiness', a['AU12']),
             ('fear', a['AU4'] & a['AU5'] & a['AU26']),
             ('anger', a['AU4'] & a['AU5']),
             ('sadness', a['AU4'] & a['AU15']),
             ('disgust', a['AU15']),
             ('neutral', ~(a['AU1'] | a['AU2'] | a['AU4'] | a['AU12'] |
                           a['AU15'] | a['AU5']))]
    expr = np.full(len(a['AU1']), EXPR_CLASSES.index('other'), np.int64)
    done = np.zeros(len(expr), bool)
    for name, hit in rules:
        expr[hit & ~done] = EXPR_CLASSES.index(name)
        done |= hit
    return expr


def face_labels(identity: FaceIdentity, arousal: np.ndarray,
                valence: np.ndarray, talk: np.ndarray
                ) -> Tuple[np.ndarray, np.ndarray]:
    """AU flags (T, 12) in ABAW order (-1 = not drawable) and expressions.

    Args:
        identity: the subject.
        arousal: (T,) arousal per frame.
        valence: (T,) valence per frame.
        talk: (T,) speech mouth opening per frame.
    """
    act = drawn_actions(identity, arousal, valence, talk)
    au = np.full((len(act['AU1']), len(ABAW_AUS)), -1, np.int8)
    for name in DRAWN_AUS:
        au[:, ABAW_AUS.index(name)] = act[name]
    return au, expression_of(act)
