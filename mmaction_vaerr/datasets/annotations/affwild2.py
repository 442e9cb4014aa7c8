"""Reader for Aff-Wild2 valence-arousal labels (ABAW VA track).

Kollias and Zafeiriou, "Expression, Affect, Action Unit Recognition:
Aff-Wild2, Multi-Task Learning and ArcFace", BMVC 2019
(https://arxiv.org/abs/1910.04855).

One ``.txt`` per video, one row per *video frame*, ``-5`` where the frame has
no valid label::

    valence,arousal
    0.15,0.32
    -5,-5

Frame ``k`` (0-based row) of the file is image ``cropped_aligned/<video>/
<k+1:05d>.jpg`` of the released already-cropped faces; a missing image means
no face was found in that frame. A frame is valid only when its label is not
``-5`` (in either dimension: a half-labelled frame is dropped whole) **and**
its image exists (when a frames folder is given).
"""
from __future__ import annotations

import logging
import os
import re
from typing import Dict, Optional, Tuple

import numpy as np

from ..va_annotation import VAAnnotation
from ._parsing import (AnnotationFormatError, check_range, header_columns,
                       parse_float, read_text_lines, split_fields)

logger = logging.getLogger(__name__)

AFFWILD2_INVALID = -5.0
_FRAME_NAME = re.compile(r'^(\d{5})\.jpg$', re.IGNORECASE)


def read_affwild2_txt(path: str, fps: float) -> VAAnnotation:
    """Read one Aff-Wild2 VA ``.txt`` file.

    Args:
        path: the ``.txt`` file.
        fps: frame rate of the matching video (labels are per frame; the rate
            only sets the ``time`` column).

    Returns:
        A :class:`VAAnnotation` with one entry per row; ``-5`` rows invalid.

    Raises:
        ValueError: naming the file and line of a missing column, a wrong
            separator, a non-numeric value, or a value outside [-1, 1] that
            is not the ``-5`` marker.
    """
    lines = read_text_lines(path)
    rows = [(i + 1, raw) for i, raw in enumerate(lines) if raw.strip()]
    if not rows:
        raise AnnotationFormatError(path, None, 'empty file')
    names, col = header_columns(rows[0][1], ',', ('valence', 'arousal'),
                                path, rows[0][0])
    for i in range(rows[0][0], rows[-1][0]):
        if not lines[i].strip():
            # rows map to frames one to one: dropping a blank row would
            # shift every later label by one frame
            raise AnnotationFormatError(
                path, i + 1, 'blank line between label rows (row k must be '
                'frame k; use -5,-5 for an unlabelled frame)')
    n = len(rows) - 1
    if n == 0:
        raise AnnotationFormatError(path, None, 'no label rows after header')
    aro = np.zeros(n)
    val = np.zeros(n)
    ok = np.ones(n, bool)
    for i, (line, raw) in enumerate(rows[1:]):
        fields = split_fields(raw, ',', len(names), path, line)
        v = parse_float(fields[col['valence']], path, line, 'valence')
        a = parse_float(fields[col['arousal']], path, line, 'arousal')
        if v == AFFWILD2_INVALID or a == AFFWILD2_INVALID:
            ok[i] = False
            continue
        check_range(v, -1.0, 1.0, path, line, 'valence')
        check_range(a, -1.0, 1.0, path, line, 'arousal')
        aro[i], val[i] = a, v
    return VAAnnotation(arousal=aro, valence=val, valid=ok, fps=fps,
                        extra={'source': path})


def list_cropped_frames(frames_dir: str) -> Dict[int, str]:
    """Map 0-based frame index -> image path in a ``cropped_aligned`` folder.

    Image ``00001.jpg`` is frame 0. Files of other names are ignored with a
    warning.
    """
    if not os.path.isdir(frames_dir):
        raise FileNotFoundError(f'frames folder not found: {frames_dir}')
    frames: Dict[int, str] = {}
    ignored = []
    for name in sorted(os.listdir(frames_dir)):
        m = _FRAME_NAME.match(name)
        if m and int(m.group(1)) >= 1:
            frames[int(m.group(1)) - 1] = os.path.join(frames_dir, name)
        else:
            ignored.append(name)
    if ignored:
        logger.warning('%s: ignoring %d file(s) not named NNNNN.jpg, e.g. %s',
                       frames_dir, len(ignored), ignored[0])
    return frames


def face_mask(frames: Dict[int, str], num_frames: int,
              frames_dir: str = '') -> Tuple[np.ndarray, int]:
    """Per-frame face presence from a frame-index map.

    Returns:
        ``(mask, extra)``: (num_frames,) bool, True where an image exists,
        and the number of images beyond ``num_frames`` (ignored, logged).
    """
    mask = np.zeros(num_frames, bool)
    inside = [k for k in frames if k < num_frames]
    mask[inside] = True
    extra = len(frames) - len(inside)
    if extra:
        logger.warning('%s: %d image(s) beyond the %d labelled frames are '
                       'ignored', frames_dir, extra, num_frames)
    return mask, extra


def read_affwild2(txt_path: str, fps: float,
                  frames_dir: Optional[str] = None) -> VAAnnotation:
    """Labels of one Aff-Wild2 video, masked by face presence.

    Args:
        txt_path: the VA ``.txt`` file.
        fps: the video's frame rate.
        frames_dir: the video's ``cropped_aligned/<video>`` folder; frames
            without an image become invalid. Not used when None.
    """
    ann = read_affwild2_txt(txt_path, fps)
    if frames_dir is None:
        return ann
    frames = list_cropped_frames(frames_dir)
    mask, _ = face_mask(frames, len(ann), frames_dir)
    ann.valid = ann.valid & mask
    ann.extra['frames'] = frames
    return ann
