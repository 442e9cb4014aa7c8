"""Reader for AFEW-VA clip annotations.

Kossaifi et al., "AFEW-VA database for valence and arousal estimation
in-the-wild", Image and Vision Computing 2017
(https://doi.org/10.1016/j.imavis.2017.02.001).

One JSON per clip (next to the clip's frames ``00000.png``, ``00001.png``..)::

    {"actor": "...", "video_id": "001",
     "frames": {"00000": {"valence": 3, "arousal": -2,
                          "landmarks": [[x, y], ... 68 points]}, ...}}

Frame keys are 0-based frame numbers; values are integers on -10..10 and are
divided by 10. Frame numbers absent from ``frames`` (inside the clip) are
invalid and get NaN landmarks; they are never filled from a neighbour.
"""
from __future__ import annotations

import json
import numbers
import re
from typing import Optional, Tuple

import numpy as np

from ..va_annotation import VAAnnotation
from ._parsing import AnnotationFormatError

AFEW_VA_SCALE = 10.0
NUM_LANDMARKS = 68
#: AFEW-VA ships frames only; its clips come from 25 fps films.
AFEW_VA_DEFAULT_FPS = 25.0


def _line_of_key(text: str, key: str, last: bool = False) -> Optional[int]:
    """1-based line of the first (or last) ``"key":`` in ``text``."""
    found = list(re.finditer(r'"%s"\s*:' % re.escape(key), text))
    if not found:
        return None
    m = found[-1] if last else found[0]
    return text.count('\n', 0, m.start()) + 1


def _unique_keys(pairs: list) -> dict:
    out = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f'duplicate key {key!r}')
        out[key] = value
    return out


class _FrameError(ValueError):
    """A problem inside one frame entry (the caller adds file and line)."""


def _number(entry: dict, dim: str) -> float:
    if dim not in entry:
        raise _FrameError(f'has no {dim!r}')
    v = entry[dim]
    if (isinstance(v, bool) or not isinstance(v, numbers.Real)
            or not np.isfinite(v)):
        raise _FrameError(f'{dim} is {v!r}, not a number')
    if not -AFEW_VA_SCALE <= v <= AFEW_VA_SCALE:
        raise _FrameError(f'{dim} {v} is outside -10..10')
    return float(v) / AFEW_VA_SCALE


def _landmarks(entry: dict) -> np.ndarray:
    try:
        arr = np.asarray(entry.get('landmarks'), dtype=np.float64)
    except (TypeError, ValueError):
        arr = None
    if (arr is None or arr.shape != (NUM_LANDMARKS, 2)
            or not np.all(np.isfinite(arr))):
        shape = None if arr is None else arr.shape
        raise _FrameError(
            f'landmarks must be 68 [x, y] number pairs, got shape {shape}')
    return arr


def read_afew_va_json(path: str, fps: float = AFEW_VA_DEFAULT_FPS,
                      num_frames: Optional[int] = None
                      ) -> Tuple[VAAnnotation, np.ndarray, str]:
    """Read one AFEW-VA clip annotation.

    Args:
        path: the clip's ``.json`` file.
        fps: frame rate used for the ``time`` column.
        num_frames: clip length; the largest frame number + 1 when None.

    Returns:
        ``(ann, landmarks, actor)``: labels in [-1, 1] with validity,
        (T, 68, 2) float32 landmarks (NaN where a frame is not annotated), and
        the actor name (empty when absent).

    Raises:
        ValueError: naming the file (and the line of the frame, when found)
            for invalid JSON, a bad frame key, a missing or non-numeric
            value, values outside -10..10, or malformed landmarks.
    """
    try:
        with open(path, encoding='utf-8-sig') as f:
            text = f.read()
    except UnicodeDecodeError as e:
        raise AnnotationFormatError(path, None,
                                    f'not UTF-8 text ({e.reason})') from None
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as e:
        raise AnnotationFormatError(path, e.lineno,
                                    f'invalid JSON: {e.msg}') from None
    except ValueError as e:  # a duplicate key
        key = str(e).split(' ', 2)[-1].strip("'")
        raise AnnotationFormatError(path, _line_of_key(text, key, last=True),
                                    f'{e} in JSON object') from None
    if not isinstance(data, dict) or not isinstance(data.get('frames'), dict):
        raise AnnotationFormatError(path, None,
                                    'expected an object with a "frames" map')
    frames = data['frames']
    if not frames:
        raise AnnotationFormatError(path, None, '"frames" is empty')
    parsed, keys = {}, {}
    for key, entry in frames.items():
        try:
            if not key.isdigit():
                raise _FrameError('is not a frame number')
            if int(key) in parsed:
                raise _FrameError(f'repeats frame {keys[int(key)]!r}')
            if not isinstance(entry, dict):
                raise _FrameError('is not an object')
            parsed[int(key)] = (_number(entry, 'arousal'),
                                _number(entry, 'valence'), _landmarks(entry))
        except _FrameError as e:
            raise AnnotationFormatError(path, _line_of_key(text, key),
                                        f'frame {key!r} {e}') from None
        keys[int(key)] = key
    last = max(parsed)
    n = last + 1 if num_frames is None else int(num_frames)
    if last >= n:
        raise AnnotationFormatError(
            path, _line_of_key(text, keys[last]),
            f'frame {last} is beyond the clip length {n}')
    aro, val = np.zeros(n), np.zeros(n)
    ok = np.zeros(n, bool)
    lms = np.full((n, NUM_LANDMARKS, 2), np.nan, dtype=np.float32)
    for k, (a, v, pts) in parsed.items():
        aro[k], val[k], ok[k], lms[k] = a, v, True, pts
    actor = data.get('actor', '')
    ann = VAAnnotation(arousal=aro, valence=val, valid=ok, fps=fps,
                       extra={'source': path})
    return ann, lms, str(actor) if actor is not None else ''
