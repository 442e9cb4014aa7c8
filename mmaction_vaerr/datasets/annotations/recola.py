"""Reader for RECOLA gold-standard labels as released in AVEC 2016 / 2018.

Ringeval et al., "Introducing the RECOLA multimodal corpus of remote
collaborative and affective interactions", FG 2013
(https://doi.org/10.1109/FG.2013.6553805); AVEC 2016
(https://arxiv.org/abs/1605.01600).

One ARFF file per dimension (arousal, valence), 25 Hz (0.04 s)::

    @relation GOLDSTANDARD
    @attribute Instance_name string
    @attribute frameTime numeric
    @attribute GoldStandard numeric
    @data
    dev_1,0,-0.022925
    dev_1,0.04,-0.022925

A file may hold one or several instances (``train_1`` .. ``dev_9``). ARFF's
missing value ``?`` marks an invalid sample. The arousal and valence files of
an instance must have identical timestamps; they are combined into one
:class:`LabelTrack`.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from ._parsing import (AnnotationFormatError, check_increasing, check_range,
                       parse_float, read_text_lines, split_fields,
                       strip_quotes)
from .track import LabelTrack

_INSTANCE_ATTRS = ('instance_name', 'name')
_TIME_ATTRS = ('frametime', 'timestamp', 'time')

#: instance -> (times, values, valid, line numbers)
Series = Tuple[np.ndarray, np.ndarray, np.ndarray, List[int]]


def _parse_header(lines: Sequence[str], path: str
                  ) -> Tuple[List[Tuple[str, str]], int]:
    """Return the ``(name, type)`` attributes and the index after ``@data``."""
    attrs = []
    for i, raw in enumerate(lines):
        text = raw.strip()
        if not text or text.startswith('%'):
            continue
        key = text.split(None, 1)[0].lower()
        if key == '@relation':
            continue
        if key == '@attribute':
            parts = text.split(None, 2)
            if len(parts) != 3:
                raise AnnotationFormatError(path, i + 1,
                                            f'malformed @attribute: {raw!r}')
            attrs.append((strip_quotes(parts[1]).lower(),
                          parts[2].strip().lower()))
            continue
        if key == '@data':
            return attrs, i + 1
        raise AnnotationFormatError(
            path, i + 1,
            f'unexpected line before @data (missing @data?): {raw!r}')
    raise AnnotationFormatError(path, None, 'no @data section (not an ARFF '
                                'file?)')


def _find(attrs: List[Tuple[str, str]], names: Sequence[str]) -> Optional[int]:
    for i, (name, _) in enumerate(attrs):
        if name in names:
            return i
    return None


def read_recola_arff(path: str,
                     value_attribute: Optional[str] = None
                     ) -> 'OrderedDict[str, Series]':
    """Read one RECOLA gold-standard ARFF file (one dimension).

    Args:
        path: the ``.arff`` file.
        value_attribute: name of the label attribute; by default the only
            numeric attribute besides the time (``GoldStandard``).

    Returns:
        ``{instance: (times, values, valid, line_numbers)}`` in file order.
    """
    lines = read_text_lines(path)
    attrs, start = _parse_header(lines, path)
    i_name = _find(attrs, _INSTANCE_ATTRS)
    i_time = _find(attrs, _TIME_ATTRS)
    if i_name is None or i_time is None:
        raise AnnotationFormatError(
            path, None, f'expected attributes Instance_name and frameTime, '
            f'got {[a for a, _ in attrs]}')
    if value_attribute is not None:
        i_val = _find(attrs, (value_attribute.lower(), ))
        candidates = [] if i_val is None else [i_val]
    else:
        candidates = [
            i for i, (_, kind) in enumerate(attrs)
            if i not in (i_name, i_time) and kind in ('numeric', 'real',
                                                      'integer')
        ]
    if len(candidates) != 1:
        raise AnnotationFormatError(
            path, None, f'cannot tell the label attribute among '
            f'{[a for a, _ in attrs]}; pass value_attribute')
    i_val = candidates[0]
    column = attrs[i_val][0]
    rows: Dict[str, Tuple[list, list, list, list]] = OrderedDict()
    for i in range(start, len(lines)):
        raw = lines[i].strip()
        if not raw or raw.startswith('%'):
            continue
        line = i + 1
        if raw.startswith('{'):
            raise AnnotationFormatError(path, line,
                                        'sparse ARFF rows are not supported')
        fields = split_fields(raw, ',', len(attrs), path, line)
        name = strip_quotes(fields[i_name])
        t = parse_float(fields[i_time], path, line, attrs[i_time][0])
        times, values, valid, line_nos = rows.setdefault(name,
                                                         ([], [], [], []))
        if fields[i_val].strip() == '?':
            values.append(np.nan)
            valid.append(False)
        else:
            v = parse_float(fields[i_val], path, line, column)
            check_range(v, -1.0, 1.0, path, line, column)
            values.append(v)
            valid.append(True)
        times.append(t)
        line_nos.append(line)
    if not rows:
        raise AnnotationFormatError(path, None, 'no data rows after @data')
    out: 'OrderedDict[str, Series]' = OrderedDict()
    for name, (times, values, valid, line_nos) in rows.items():
        check_increasing(times, line_nos, path)
        out[name] = (np.asarray(times), np.asarray(values),
                     np.asarray(valid, bool), line_nos)
    return out


def combine_recola(arousal: Dict[str, Series], valence: Dict[str, Series],
                   arousal_source: str, valence_source: str
                   ) -> 'OrderedDict[str, LabelTrack]':
    """Pair arousal and valence series by instance and check their times."""
    if set(arousal) != set(valence):
        raise ValueError(
            f'instances differ between {arousal_source} '
            f'{sorted(arousal)} and {valence_source} {sorted(valence)}')
    tracks: 'OrderedDict[str, LabelTrack]' = OrderedDict()
    for name, (ta, va, oka, la) in arousal.items():
        tv, vv, okv, lv = valence[name]
        n = min(len(ta), len(tv))
        differ = np.flatnonzero(np.abs(ta[:n] - tv[:n]) > 1e-6)
        if len(differ):
            j = int(differ[0])
            raise ValueError(
                f'instance {name!r}: arousal and valence timestamps differ '
                f'(first difference: {arousal_source}:{la[j]} vs '
                f'{valence_source}:{lv[j]}); they must cover the same times')
        if len(ta) != len(tv):
            longer, lines = ((arousal_source, la) if len(ta) > len(tv) else
                             (valence_source, lv))
            raise ValueError(
                f'{longer}:{lines[n]}: instance {name!r}: arousal and valence '
                f'timestamps differ ({len(ta)} vs {len(tv)} rows in '
                f'{arousal_source} and {valence_source}); this is the first '
                'row the other file lacks; they must cover the same times')
        tracks[name] = LabelTrack(
            times=ta, arousal=va, valence=vv, valid=oka & okv, name=name,
            source=f'{arousal_source} + {valence_source}')
    return tracks


def read_recola(arousal_path: str, valence_path: str,
                value_attribute: Optional[str] = None
                ) -> 'OrderedDict[str, LabelTrack]':
    """Read and combine one arousal and one valence ARFF file.

    Returns:
        ``{instance: LabelTrack}``, one per instance in the files.
    """
    return combine_recola(
        read_recola_arff(arousal_path, value_attribute),
        read_recola_arff(valence_path, value_attribute), arousal_path,
        valence_path)
