"""Contact sheet of synthetic faces: subjects x (arousal, valence) states."""
from __future__ import annotations

import os
from typing import Sequence, Tuple

import cv2
import numpy as np

from .face_renderer import render_face
from .clip import subject_identity

DEFAULT_STATES: Tuple[Tuple[float, float], ...] = (
    (-1.0, -1.0), (-1.0, 1.0), (0.0, 0.0), (1.0, -1.0), (1.0, 1.0))


def contact_sheet(num_subjects: int = 6,
                  states: Sequence[Tuple[float, float]] = DEFAULT_STATES,
                  seed: int = 0, size: int = 96, zoom: int = 2,
                  noise: bool = True) -> np.ndarray:
    """Grid image: one row per subject, one column per (arousal, valence).

    Subjects are the ones :func:`~.generator.generate_synthetic_dataset`
    draws for the same ``seed`` (``s00``, ``s01``, ...). Faces are rendered
    without head motion or blinks; each column is headed ``A=.. V=..``.

    Returns:
        uint8 (H, W) image.
    """
    header = 14 * zoom
    cell = size * zoom
    sheet = np.full((header + num_subjects * cell, len(states) * cell), 255,
                    np.uint8)
    for j, (a, v) in enumerate(states):
        cv2.putText(sheet, f'A={a:+.1f} V={v:+.1f}', (j * cell + 4,
                    header - 4 * zoom), cv2.FONT_HERSHEY_SIMPLEX,
                    0.3 * zoom, 0, 1, cv2.LINE_AA)
    for i in range(num_subjects):
        idt = subject_identity(seed, i)
        rng = np.random.default_rng([seed, i]) if noise else None
        for j, (a, v) in enumerate(states):
            face = render_face(idt, a, v, size=size, rng=rng)
            face = cv2.resize(face, (cell, cell),
                              interpolation=cv2.INTER_NEAREST)
            y = header + i * cell
            sheet[y:y + cell, j * cell:(j + 1) * cell] = face
    return sheet


def save_contact_sheet(path: str, **kwargs) -> np.ndarray:
    """Write :func:`contact_sheet` (same keyword arguments) to an image."""
    sheet = contact_sheet(**kwargs)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    if not cv2.imwrite(path, sheet):
        raise OSError(f'{path}: could not write the contact sheet')
    return sheet
