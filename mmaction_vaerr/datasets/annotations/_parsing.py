"""Line-aware parsing helpers shared by the annotation readers.

Every reader reports problems as ``<file>:<line>: <problem>`` so that a user
can open the file at the offending row; nothing is skipped silently.
"""
from __future__ import annotations

import math
from typing import List, Optional, Sequence, Tuple

_SEPARATOR_NAMES = {';': 'semicolon', ',': 'comma', '\t': 'tab'}


class AnnotationFormatError(ValueError):
    """A malformed annotation file; the message names the file and line.

    Args:
        path: the annotation file.
        line: 1-based line number, or None when the problem is file-wide.
        message: what is wrong.
    """

    def __init__(self, path: str, line: Optional[int], message: str) -> None:
        where = f'{path}:{line}' if line is not None else f'{path}'
        super().__init__(f'{where}: {message}')
        self.path = path
        self.line = line


def read_text_lines(path: str) -> List[str]:
    """Read a text file as lines without line terminators (LF or CRLF).

    A UTF-8 byte-order mark is dropped. Raises :class:`AnnotationFormatError`
    for a file that is not UTF-8 text.
    """
    try:
        with open(path, encoding='utf-8-sig', newline='') as f:
            text = f.read()
    except UnicodeDecodeError as e:
        raise AnnotationFormatError(
            path, None, f'not UTF-8 text ({e.reason} at byte {e.start})'
        ) from None
    return text.splitlines()


def strip_quotes(text: str) -> str:
    """Remove surrounding whitespace and one pair of matching quotes."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in '\'"':
        return text[1:-1]
    return text


def split_fields(raw: str, sep: str, num_fields: int, path: str,
                 line: int) -> List[str]:
    """Split ``raw`` on ``sep`` and check the number of fields.

    When the count is wrong and another common separator would give the
    expected count, the error says the file uses the wrong separator.
    """
    fields = raw.split(sep)
    if len(fields) == num_fields:
        return fields
    for other, name in _SEPARATOR_NAMES.items():
        if other != sep and len(raw.split(other)) == num_fields:
            raise AnnotationFormatError(
                path, line,
                f'wrong separator: the row looks {name}-separated but this '
                f'format uses {_SEPARATOR_NAMES[sep]} ({sep!r}): {raw!r}')
    raise AnnotationFormatError(
        path, line, f'expected {num_fields} {_SEPARATOR_NAMES[sep]}-separated '
        f'fields, got {len(fields)}: {raw!r}')


def parse_float(text: str, path: str, line: int, column: str) -> float:
    """Parse one finite float, naming file, line and column on failure."""
    try:
        value = float(strip_quotes(text))
    except ValueError:
        raise AnnotationFormatError(
            path, line, f'column {column!r}: {text.strip()!r} is not a '
            'number') from None
    if not math.isfinite(value):
        raise AnnotationFormatError(
            path, line, f'column {column!r}: {text.strip()!r} is not finite')
    return value


def check_range(value: float, low: float, high: float, path: str, line: int,
                column: str) -> None:
    """Raise when ``value`` lies outside ``[low, high]``."""
    if not low - 1e-9 <= value <= high + 1e-9:
        raise AnnotationFormatError(
            path, line, f'column {column!r}: {value} is outside the valid '
            f'range [{low}, {high}]')


def check_increasing(times: Sequence[float], lines: Sequence[int],
                     path: str) -> None:
    """Raise at the first timestamp that does not increase strictly."""
    for i in range(1, len(times)):
        if not times[i] > times[i - 1]:
            raise AnnotationFormatError(
                path, lines[i], f'timestamp {times[i]} does not increase '
                f'(previous row, line {lines[i - 1]}, has {times[i - 1]}); '
                'timestamps must be strictly increasing')


def header_columns(raw: str, sep: str, required: Sequence[str], path: str,
                   line: int) -> Tuple[List[str], dict]:
    """Parse a header row and locate the ``required`` columns.

    Returns:
        The lower-cased column names and a ``{name: index}`` map.
    """
    if sep not in raw:
        for other, name in _SEPARATOR_NAMES.items():
            if other != sep and other in raw:
                raise AnnotationFormatError(
                    path, line, f'wrong separator: the header looks '
                    f'{name}-separated but this format uses '
                    f'{_SEPARATOR_NAMES[sep]} ({sep!r}): {raw!r}')
    names = [strip_quotes(c).lower() for c in raw.split(sep)]
    index = {name: i for i, name in enumerate(names)}
    missing = [c for c in required if c not in index]
    if missing:
        raise AnnotationFormatError(
            path, line, f'header is missing column(s) {missing}; expected '
            f'{sep.join(required)}, got {raw!r}')
    return names, index
