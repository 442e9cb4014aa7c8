"""Readers and writers of Aff-Wild2's expression and action-unit labels.

Kollias et al., ABAW Expr and AU tracks (https://arxiv.org/abs/2303.01498).
The challenge data has one ``.txt`` per video under
``Annotations/EXPR_Recognition_Challenge/{Train_Set,Validation_Set}/`` and
``Annotations/AU_Detection_Challenge/{Train_Set,Validation_Set}/``; row
``k`` after the header is video frame ``k`` (image ``cropped_aligned/
<video>/<k+1:05d>.jpg``), ``-1`` marks a frame without a label::

    Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise,Other
    0
    4
    -1

    AU1,AU2,AU4,AU6,AU7,AU10,AU12,AU15,AU23,AU24,AU25,AU26
    0,0,0,1,0,0,1,0,0,0,1,0
    -1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1

Problems are reported as ``<file>:<line>: <reason>``, as every reader here.
"""
from __future__ import annotations

from typing import List, Sequence

import numpy as np

from ...io.atomic import atomic_write
from ...labels import ABAW_AUS
from ._parsing import AnnotationFormatError, read_text_lines, split_fields

EXPR_HEADER = ('Neutral', 'Anger', 'Disgust', 'Fear', 'Happiness', 'Sadness',
               'Surprise', 'Other')
MISSING = -1


def _rows(path: str, header: Sequence[str]) -> List[tuple]:
    """Check the header; return ``(line, text)`` of the label rows."""
    lines = read_text_lines(path)
    rows = [(i + 1, raw.strip()) for i, raw in enumerate(lines)
            if raw.strip()]
    if not rows:
        raise AnnotationFormatError(path, None, 'empty file')
    got = [c.strip().lower() for c in rows[0][1].split(',')]
    if got != [h.lower() for h in header]:
        raise AnnotationFormatError(
            path, rows[0][0], f'expected header {",".join(header)}, got '
            f'{rows[0][1]!r}')
    for i in range(rows[0][0], rows[-1][0]):
        if not lines[i].strip():
            raise AnnotationFormatError(
                path, i + 1, 'blank line between label rows (row k must be '
                'frame k; use -1 for an unlabelled frame)')
    if len(rows) == 1:
        raise AnnotationFormatError(path, None, 'no label rows after header')
    return rows[1:]


def _int(text: str, path: str, line: int, what: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise AnnotationFormatError(
            path, line, f'{what}: {text.strip()!r} is not an integer'
        ) from None


def read_affwild2_expr_txt(path: str) -> np.ndarray:
    """(T,) int64 expression ids 0-7 of one video, ``-1`` = unlabelled.

    Raises:
        AnnotationFormatError: naming the file and line of a wrong header,
            a non-integer, a class outside 0-7 (other than -1), or a row
            with more than one value.
    """
    rows = _rows(path, EXPR_HEADER)
    out = np.empty(len(rows), np.int64)
    for i, (line, raw) in enumerate(rows):
        if ',' in raw or ';' in raw or '\t' in raw:
            raise AnnotationFormatError(
                path, line, f'expected 1 value (the class id), got {raw!r}')
        value = _int(raw, path, line, 'expression')
        if value != MISSING and not 0 <= value < len(EXPR_HEADER):
            raise AnnotationFormatError(
                path, line, f'expression {value} is not a class id 0-'
                f'{len(EXPR_HEADER) - 1} or -1 (unlabelled)')
        out[i] = value
    return out


def read_affwild2_au_txt(path: str) -> np.ndarray:
    """(T, 12) int8 AU flags of one video: 1, 0, or ``-1`` = unlabelled.

    Raises:
        AnnotationFormatError: naming the file and line of a wrong header,
            a wrong column count or separator, or a value not in {0, 1, -1}.
    """
    rows = _rows(path, ABAW_AUS)
    out = np.empty((len(rows), len(ABAW_AUS)), np.int8)
    for i, (line, raw) in enumerate(rows):
        fields = split_fields(raw, ',', len(ABAW_AUS), path, line)
        for j, text in enumerate(fields):
            value = _int(text, path, line, ABAW_AUS[j])
            if value not in (0, 1, MISSING):
                raise AnnotationFormatError(
                    path, line, f'{ABAW_AUS[j]}: {value} is not 0, 1 or -1')
            out[i, j] = value
    return out


def _write(path: str, header: Sequence[str], rows: List[str]) -> None:
    with atomic_write(path) as tmp:
        with open(tmp, 'w', newline='') as f:
            f.write(','.join(header) + '\n' + '\n'.join(rows) + '\n')


def write_affwild2_expr_txt(path: str, expr: np.ndarray) -> None:
    """Write (T,) expression ids (``-1`` unlabelled) in the EXPR layout."""
    expr = np.asarray(expr)
    if expr.ndim != 1 or ((expr < MISSING) | (expr >= 8)).any():
        raise ValueError(f'{path}: expression ids must be (T,) in -1..7')
    _write(path, EXPR_HEADER, [str(int(v)) for v in expr])


def write_affwild2_au_txt(path: str, au: np.ndarray) -> None:
    """Write (T, 12) AU flags (1, 0, ``-1``) in the AU layout."""
    au = np.asarray(au)
    if au.ndim != 2 or au.shape[1] != len(ABAW_AUS) or \
            not np.isin(au, (0, 1, MISSING)).all():
        raise ValueError(f'{path}: AU flags must be (T, 12) in {{0, 1, -1}}')
    _write(path, ABAW_AUS, [','.join(str(int(v)) for v in r) for r in au])
