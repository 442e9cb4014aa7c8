"""Output framings: the project's 96x96 crop and Aff-Wild2's 112x112 crop.

* ``canonical``: :func:`~mmaction_vaerr.preprocessing.alignment.
  reference_landmarks` -- outer eye corners 0.42 of the side apart, eye
  line at 0.38 from the top (what ``tools/data/preprocess_faces.py``
  writes).
* ``affwild2``: Aff-Wild2's ``cropped_aligned`` 112x112 faces (Kollias &
  Zafeiriou, BMVC 2019) come from a 5-point similarity alignment to the
  ArcFace template (Deng et al., "ArcFace", CVPR 2019,
  https://arxiv.org/abs/1801.07698): eye centres (38.29, 51.70),
  (73.53, 51.50), nose tip (56.03, 71.74), mouth corners (41.55, 92.37),
  (70.73, 92.20). Fitting the mean face's five matching points to it
  (Umeyama) gives its framing: the face is at nearly the same scale as the
  canonical crop (outer eye corners ~0.42-0.44 of the side apart) but the
  eyes are lower (~0.46 of the side), so the crop shows more forehead and
  cuts at the chin. :func:`affwild2_to_canonical` is the fixed similarity
  from a 112x112 crop to the 96x96 canonical framing.
"""
from __future__ import annotations

import numpy as np

from .alignment import (MEAN_FACE_68, reference_landmarks,
                        transform_points, umeyama)

ARCFACE_112 = np.array([[38.2946, 51.6963], [73.5318, 51.5014],
                        [56.0252, 71.7366], [41.5493, 92.3655],
                        [70.7299, 92.2041]])


def five_points(lm: np.ndarray) -> np.ndarray:
    """Eye centres, nose tip and mouth corners of (68, 2) landmarks."""
    lm = np.asarray(lm, np.float64)
    return np.stack([lm[36:42].mean(0), lm[42:48].mean(0), lm[30], lm[48],
                     lm[54]])


def affwild2_landmarks(size: int = 112) -> np.ndarray:
    """The mean face as placed by the ArcFace-template alignment."""
    mat = umeyama(five_points(MEAN_FACE_68), ARCFACE_112 * (size / 112.0))
    return transform_points(MEAN_FACE_68, mat)


def canvas_to_output(canvas_ref: np.ndarray, framing: str,
                     size: int) -> np.ndarray:
    """(2, 3) similarity from a render canvas to an output crop.

    Args:
        canvas_ref: (68, 2) the mean face's place in the canvas.
        framing: ``'canonical'`` or ``'affwild2'``.
        size: output side.
    """
    if framing == 'canonical':
        dst = reference_landmarks(size)
    elif framing == 'affwild2':
        dst = affwild2_landmarks(size)
    else:
        raise ValueError(f"framing must be 'canonical' or 'affwild2', got "
                         f'{framing!r}')
    return umeyama(canvas_ref, dst)


def affwild2_to_canonical(src_size: int = 112,
                          dst_size: int = 96) -> np.ndarray:
    """(2, 3) similarity from an Aff-Wild2 crop to the canonical crop."""
    return umeyama(affwild2_landmarks(src_size),
                   reference_landmarks(dst_size))
