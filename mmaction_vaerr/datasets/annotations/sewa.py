"""Reader for SEWA continuous labels as released in AVEC 2019 CES.

Kossaifi et al., "SEWA DB: A Rich Database for Audio-Visual Emotion and
Sentiment Research in the Wild", TPAMI 2021 (https://arxiv.org/abs/1901.02839);
Ringeval et al., "AVEC 2019 Workshop and Challenge", 2019
(https://arxiv.org/abs/1907.11510).

One ``;``-separated file per recording, 10 Hz, quoted instance name::

    name;timestamp;arousal;valence;liking
    'Devel_DE_01';0.000000;0.000000;0.000000;0.000000
    'Devel_DE_01';0.100000;0.000000;0.000000;0.000000

Columns are located by header name; ``name`` and ``liking`` are optional
(``liking`` is kept in ``LabelTrack.extra``). Instance names are
``<Partition>_<Culture>_<NN>`` (``Train``/``Devel``/``Test``; ``DE``, ``HU``,
``CN``); they carry no subject identity beyond the recording itself.
"""
from __future__ import annotations

import os.path as osp

import numpy as np

from ._parsing import (AnnotationFormatError, check_increasing, check_range,
                       header_columns, parse_float, read_text_lines,
                       split_fields, strip_quotes)
from .track import LabelTrack

SEWA_SEPARATOR = ';'
SEWA_REQUIRED = ('timestamp', 'arousal', 'valence')


def read_sewa_csv(path: str) -> LabelTrack:
    """Read one AVEC 2019 CES (SEWA) label file.

    Args:
        path: the ``.csv`` file.

    Returns:
        A :class:`LabelTrack`; ``name`` is the instance name in the file (the
        file's stem when there is no ``name`` column).

    Raises:
        ValueError: naming the file and line of a missing column, a wrong
            separator, a non-numeric or out-of-range value, a row of another
            instance, or a timestamp that does not increase.
    """
    lines = read_text_lines(path)
    rows = [(i + 1, raw) for i, raw in enumerate(lines) if raw.strip()]
    if not rows:
        raise AnnotationFormatError(path, None, 'empty file')
    head_line, head = rows[0]
    names, col = header_columns(head, SEWA_SEPARATOR, SEWA_REQUIRED, path,
                                head_line)
    if len(rows) < 2:
        raise AnnotationFormatError(path, None, 'no label rows after header')
    has_liking = 'liking' in col
    instance = None
    times, aro, val, lik, line_nos = [], [], [], [], []
    for line, raw in rows[1:]:
        fields = split_fields(raw, SEWA_SEPARATOR, len(names), path, line)
        if 'name' in col:
            name = strip_quotes(fields[col['name']])
            if instance is None:
                instance = name
            elif name != instance:
                raise AnnotationFormatError(
                    path, line, f'instance {name!r} differs from {instance!r} '
                    'of the first row; one file must hold one recording')
        t = parse_float(fields[col['timestamp']], path, line, 'timestamp')
        if t < 0:
            raise AnnotationFormatError(path, line,
                                        f'negative timestamp {t}')
        values = []
        for dim in ('arousal', 'valence') + (('liking', ) if has_liking
                                             else ()):
            v = parse_float(fields[col[dim]], path, line, dim)
            check_range(v, -1.0, 1.0, path, line, dim)
            values.append(v)
        times.append(t)
        aro.append(values[0])
        val.append(values[1])
        if has_liking:
            lik.append(values[2])
        line_nos.append(line)
    check_increasing(times, line_nos, path)
    extra = {'liking': np.asarray(lik)} if has_liking else {}
    return LabelTrack(
        times=times, arousal=aro, valence=val, source=path,
        name=instance or osp.splitext(osp.basename(path))[0], extra=extra)
