"""Labels encoded in the file names of RAVDESS and CREMA-D.

RAVDESS (Livingstone and Russo, PLoS ONE 2018,
https://doi.org/10.1371/journal.pone.0196391): seven two-digit fields,
``MM-VV-EE-II-SS-RR-AA.mp4``: modality (01 audio-video, 02 video-only,
03 audio-only), vocal channel (01 speech, 02 song), emotion (01 neutral,
02 calm, 03 happy, 04 sad, 05 angry, 06 fearful, 07 disgust, 08 surprised),
intensity (01 normal, 02 strong; neutral has no strong), statement (01
"Kids are talking by the door", 02 "Dogs are sitting by the door"),
repetition (01, 02), actor (01-24; odd male, even female). Song has only
neutral, calm, happy, sad, angry and fearful. Files sit in ``Actor_AA/``.

CREMA-D (Cao et al., IEEE TAC 2014, https://doi.org/10.1109/TAFFC.2014.
2336244): ``ActorID_Sentence_Emotion_Level.flv``: actor 1001-1091, one of
12 sentence codes, emotion ANG, DIS, FEA, HAP, NEU, SAD, level LO, MD, HI
or XX (unspecified).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

RAVDESS_EMOTIONS = ('neutral', 'calm', 'happy', 'sad', 'angry', 'fearful',
                    'disgust', 'surprised')
RAVDESS_SONG_EMOTIONS = RAVDESS_EMOTIONS[:6]
CREMA_D_EMOTIONS = {'NEU': 'neutral', 'ANG': 'anger', 'DIS': 'disgust',
                    'FEA': 'fear', 'HAP': 'happiness', 'SAD': 'sadness'}
CREMA_D_SENTENCES = ('IEO', 'TIE', 'IOM', 'IWW', 'TAI', 'MTI', 'IWL', 'ITH',
                     'DFA', 'ITS', 'TSI', 'WSI')
CREMA_D_LEVELS = ('LO', 'MD', 'HI', 'XX')
# RAVDESS emotion -> the ABAW / COMMON6 class name (calm has none)
RAVDESS_TO_ABAW = {'neutral': 'neutral', 'happy': 'happiness',
                   'sad': 'sadness', 'angry': 'anger', 'fearful': 'fear',
                   'disgust': 'disgust', 'surprised': 'surprise'}

_RAVDESS = re.compile(r'^(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)$')
_CREMA_D = re.compile(r'^(\d{4})_([A-Z]{3})_([A-Z]{3})_([A-Z]{2})$')


@dataclass(frozen=True)
class ClipName:
    """Labels read from one file name.

    Args:
        dataset: ``'ravdess'`` or ``'crema_d'``.
        emotion: the dataset's emotion name (e.g. ``'fearful'``, ``'fear'``).
        actor: actor number.
        intensity: ``'normal'``/``'strong'`` (RAVDESS), the level code
            (CREMA-D).
        modality: RAVDESS modality (1 AV, 2 video, 3 audio); 1 for CREMA-D.
        vocal_channel: ``'speech'`` or ``'song'``.
        statement: RAVDESS statement 1/2, or the CREMA-D sentence code.
        repetition: RAVDESS repetition (1, 2); 1 for CREMA-D.
    """

    dataset: str
    emotion: str
    actor: int
    intensity: str
    modality: int = 1
    vocal_channel: str = 'speech'
    statement: str = ''
    repetition: int = 1


def _stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def parse_ravdess_name(path: str) -> ClipName:
    """Labels of a RAVDESS file name (any extension, any folder).

    Raises:
        ValueError: ``<name>: <reason>`` for a malformed or impossible name.
    """
    name = os.path.basename(path)
    m = _RAVDESS.match(_stem(path))
    if not m:
        raise ValueError(f'{name}: not a RAVDESS name MM-VV-EE-II-SS-RR-AA '
                         '(seven two-digit fields)')
    mod, voc, emo, inten, stmt, rep, actor = (int(g) for g in m.groups())
    checks = [(mod in (1, 2, 3), f'modality {mod:02d} is not 01-03'),
              (voc in (1, 2), f'vocal channel {voc:02d} is not 01-02'),
              (1 <= emo <= 8, f'emotion {emo:02d} is not 01-08'),
              (inten in (1, 2), f'intensity {inten:02d} is not 01-02'),
              (stmt in (1, 2), f'statement {stmt:02d} is not 01-02'),
              (rep in (1, 2), f'repetition {rep:02d} is not 01-02'),
              (1 <= actor <= 24, f'actor {actor:02d} is not 01-24')]
    for ok, why in checks:
        if not ok:
            raise ValueError(f'{name}: {why}')
    emotion = RAVDESS_EMOTIONS[emo - 1]
    if emotion == 'neutral' and inten == 2:
        raise ValueError(f'{name}: neutral has no strong intensity (02)')
    if voc == 2 and emotion not in RAVDESS_SONG_EMOTIONS:
        raise ValueError(f'{name}: song (02) has no {emotion} clips')
    folder = os.path.basename(os.path.dirname(path))
    if folder.startswith('Actor_') and folder != f'Actor_{actor:02d}':
        raise ValueError(f'{path}: actor {actor:02d} filed under {folder}')
    return ClipName('ravdess', emotion, actor,
                    ('normal', 'strong')[inten - 1], mod,
                    ('speech', 'song')[voc - 1], f'{stmt:02d}', rep)


def parse_crema_d_name(path: str) -> ClipName:
    """Labels of a CREMA-D file name (any extension, any folder).

    Raises:
        ValueError: ``<name>: <reason>`` for a malformed or unknown name.
    """
    name = os.path.basename(path)
    m = _CREMA_D.match(_stem(path))
    if not m:
        raise ValueError(f'{name}: not a CREMA-D name '
                         'ActorID_Sentence_Emotion_Level')
    actor, sentence, emo, level = m.groups()
    checks = [(1001 <= int(actor) <= 1091, f'actor {actor} is not 1001-1091'),
              (sentence in CREMA_D_SENTENCES,
               f'sentence {sentence} is not one of {CREMA_D_SENTENCES}'),
              (emo in CREMA_D_EMOTIONS,
               f'emotion {emo} is not one of {tuple(CREMA_D_EMOTIONS)}'),
              (level in CREMA_D_LEVELS,
               f'level {level} is not one of {CREMA_D_LEVELS}')]
    for ok, why in checks:
        if not ok:
            raise ValueError(f'{name}: {why}')
    return ClipName('crema_d', CREMA_D_EMOTIONS[emo], int(actor), level,
                    statement=sentence)
