"""Offline backend: dlib HOG face detector + 68-point iBUG shape predictor.

Both models ship inside PyPI packages (``dlib-bin``, and
``face-recognition-models`` for the predictor), so this backend works on a
fresh machine without network access.

Detector: Dalal & Triggs HOG + linear SVM, "Histograms of Oriented Gradients
for Human Detection", CVPR 2005. Predictor: Kazemi & Sullivan, "One
Millisecond Face Alignment with an Ensemble of Regression Trees", CVPR 2014,
trained on iBUG 300-W (Sagonas et al., 2013), the 68-point scheme FAN uses.
"""
from __future__ import annotations

import importlib.util
import os
from typing import Optional, Tuple

import numpy as np

from .base import BackendUnavailable, FaceBackend

INSTALL_HINT = ("install the 'face' extra: pip install -e .[face] "
                '(dlib-bin, face-recognition-models)')


def default_predictor_path() -> str:
    """Path of the 68-point model inside ``face-recognition-models``.

    Found without importing the package (its ``__init__`` imports the
    deprecated ``pkg_resources``).
    """
    spec = importlib.util.find_spec('face_recognition_models')
    if spec is None or not spec.submodule_search_locations:
        raise BackendUnavailable(
            f'dlib backend: face-recognition-models is not installed; '
            f'{INSTALL_HINT}')
    root = list(spec.submodule_search_locations)[0]
    path = os.path.join(root, 'models',
                        'shape_predictor_68_face_landmarks.dat')
    if not os.path.isfile(path):
        raise BackendUnavailable(f'dlib backend: {path} is missing; reinstall '
                                 'face-recognition-models')
    return path


class DlibBackend(FaceBackend):
    """dlib HOG detector + ensemble-of-regression-trees 68-point predictor.

    Works on grayscale frames. The HOG window is 80x80 pixels, so whole-frame
    detection runs at ``detect_max_side`` (default 640) and window detection
    at ``near_face_px`` (default 100) pixels per face.

    Args:
        predictor_path: a dlib 68-point ``.dat`` model (default: the one in
            ``face-recognition-models``).
        threshold: HOG detection score threshold (dlib's default is 0).
        **kwargs: :class:`FaceBackend` arguments.
    """

    name = 'dlib'
    input_format = 'gray'

    def __init__(self, predictor_path: Optional[str] = None,
                 threshold: float = 0.0, **kwargs) -> None:
        super().__init__(**kwargs)
        try:
            import dlib
        except ImportError as e:
            raise BackendUnavailable(
                f'dlib backend: cannot import dlib ({e}); {INSTALL_HINT}'
            ) from None
        self._dlib = dlib
        self.predictor_path = predictor_path or default_predictor_path()
        self.threshold = threshold
        self._detector = dlib.get_frontal_face_detector()
        self._predictor = dlib.shape_predictor(self.predictor_path)

    def _detect_raw(self, image: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        rects, scores, _ = self._detector.run(
            np.ascontiguousarray(image), 0, self.threshold)
        boxes = np.array([[r.left(), r.top(), r.right() + 1, r.bottom() + 1]
                          for r in rects], np.float32).reshape(-1, 4)
        return boxes, np.asarray(scores, np.float32).reshape(-1)

    def landmarks(self, image: np.ndarray,
                  box: np.ndarray) -> Tuple[np.ndarray, float]:
        x1, y1, x2, y2 = [int(round(float(v))) for v in box]
        rect = self._dlib.rectangle(x1, y1, x2 - 1, y2 - 1)
        shape = self._predictor(np.ascontiguousarray(image), rect)
        pts = np.array([[p.x, p.y] for p in shape.parts()], np.float32)
        return pts, float('nan')

    def describe(self) -> str:
        return ('dlib: HOG face detector + 68-point shape predictor '
                f'({os.path.basename(self.predictor_path)})')
