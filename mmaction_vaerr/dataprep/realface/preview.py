"""Preview sheet: real-face subjects x (arousal, valence) states."""
from __future__ import annotations

import os
from typing import Sequence, Tuple

import cv2
import numpy as np

from ..synthetic.preview import DEFAULT_STATES
from .clip import animate
from ...preprocessing.framing import canvas_to_output
from .render import render_frame
from .subjects import SubjectSpec, subject_texture
from .texture import Canvas


def render_state(spec: SubjectSpec, arousal: float, valence: float,
                 size: int = 96, framing: str = 'canonical',
                 canvas: Canvas = None, warp: str = 'affine') -> np.ndarray:
    """One frontal frame of ``spec`` (video 0) at a fixed state, no
    nuisances: grey for ``canonical``, RGB for ``affwild2``; ``warp`` is
    the animation method (:data:`.render.WARPS`)."""
    canvas = canvas or Canvas()
    tex = subject_texture(spec, 0, canvas)
    va = np.array([[arousal, valence]], np.float32)
    zero = np.zeros(1, np.float32)
    lms, heads = animate(tex, va, zero, zero, None, 25.0, canvas, pose=False)
    img = render_frame(tex, lms[0], heads[0], warp=warp)
    mat = canvas_to_output(canvas.reference(), framing, size)
    out = cv2.warpAffine(img, mat, (size, size), flags=cv2.INTER_LINEAR)
    return cv2.cvtColor(out, cv2.COLOR_RGB2GRAY) if framing == 'canonical' \
        else out


def preview_sheet(specs: Sequence[SubjectSpec],
                  states: Sequence[Tuple[float, float]] = DEFAULT_STATES,
                  size: int = 96, zoom: int = 2) -> np.ndarray:
    """Grid image (grey): one row per subject, one column per state."""
    header, cell = 14 * zoom, size * zoom
    sheet = np.full((header + len(specs) * cell, len(states) * cell), 255,
                    np.uint8)
    for j, (a, v) in enumerate(states):
        cv2.putText(sheet, f'A={a:+.1f} V={v:+.1f}',
                    (j * cell + 4, header - 4 * zoom),
                    cv2.FONT_HERSHEY_SIMPLEX, 0.3 * zoom, 0, 1, cv2.LINE_AA)
    for i, spec in enumerate(specs):
        for j, (a, v) in enumerate(states):
            face = cv2.resize(render_state(spec, a, v, size), (cell, cell),
                              interpolation=cv2.INTER_CUBIC)
            y = header + i * cell
            sheet[y:y + cell, j * cell:(j + 1) * cell] = face
    return sheet


def save_preview(path: str, specs: Sequence[SubjectSpec], **kwargs
                 ) -> np.ndarray:
    sheet = preview_sheet(specs, **kwargs)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    if not cv2.imwrite(path, sheet, [cv2.IMWRITE_PNG_COMPRESSION, 9]):
        raise OSError(f'{path}: could not write the preview')
    return sheet
