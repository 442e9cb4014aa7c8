"""Interface shared by the face detection + 68-landmark backends."""
from __future__ import annotations

from abc import ABCMeta, abstractmethod
from typing import Tuple

import cv2
import numpy as np


class BackendUnavailable(RuntimeError):
    """A backend cannot run here (package or model weights missing)."""


class FaceBackend(metaclass=ABCMeta):
    """Face detector + 68-point iBUG landmark predictor.

    Images are uint8 arrays in :attr:`input_format` (a PyAV pixel format:
    ``'gray'`` gives (H, W), ``'rgb24'`` gives (H, W, 3)), so the video is
    decoded straight into what the backend wants. Boxes are float
    ``(x1, y1, x2, y2)`` in image pixels.

    Subclasses implement :meth:`_detect_raw` (detection at the image's own
    scale) and :meth:`landmarks`; this class adds whole-frame detection at a
    bounded resolution (:meth:`detect`) and cheap detection in a window around
    a known face (:meth:`detect_near`), which the tracker uses between
    whole-frame detections.

    Args:
        detect_max_side: whole-frame detection runs on the frame resized so
            that its longer side has this many pixels (up- or down-scaled).
        near_face_px: :meth:`detect_near` resizes its window so that the
            expected face is this many pixels wide.
        near_margin: the window extends the previous box by this fraction
            of its size on every side.
    """

    name: str = ''
    input_format: str = 'rgb24'

    def __init__(self, detect_max_side: int = 640, near_face_px: int = 100,
                 near_margin: float = 0.5) -> None:
        self.detect_max_side = detect_max_side
        self.near_face_px = near_face_px
        self.near_margin = near_margin

    @abstractmethod
    def _detect_raw(self, image: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """Detect faces at the image's own scale.

        Returns:
            boxes (N, 4) float32 and scores (N,) float32 (higher = surer).
        """

    @abstractmethod
    def landmarks(self, image: np.ndarray,
                  box: np.ndarray) -> Tuple[np.ndarray, float]:
        """Predict the 68 iBUG landmarks of the face in ``box``.

        Returns:
            (68, 2) float32 (x, y) in image pixels, and a confidence in
            [0, 1] (NaN when the model gives none).
        """

    def detect(self, image: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """Detect faces on the whole frame (resized to ``detect_max_side``)."""
        h, w = image.shape[:2]
        scale = self.detect_max_side / max(h, w)
        if abs(scale - 1.0) < 1e-3:
            return self._detect_raw(image)
        interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
        small = cv2.resize(image, (max(1, round(w * scale)),
                                   max(1, round(h * scale))),
                           interpolation=interp)
        boxes, scores = self._detect_raw(small)
        return boxes / scale, scores

    def detect_near(self, image: np.ndarray,
                    box: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """Detect faces in a window around ``box`` (the previous face)."""
        x1, y1, x2, y2 = [float(v) for v in box]
        side = max(x2 - x1, y2 - y1, 1.0)
        m = side * self.near_margin
        h, w = image.shape[:2]
        wx1, wy1 = int(np.floor(x1 - m)), int(np.floor(y1 - m))
        wx2, wy2 = int(np.ceil(x2 + m)), int(np.ceil(y2 + m))
        cx1, cy1, cx2, cy2 = max(0, wx1), max(0, wy1), min(w, wx2), min(h, wy2)
        if cx2 - cx1 < 8 or cy2 - cy1 < 8:
            return np.zeros((0, 4), np.float32), np.zeros(0, np.float32)
        # a face partly outside the frame keeps its place in the window
        crop = cv2.copyMakeBorder(
            image[cy1:cy2, cx1:cx2], cy1 - wy1, wy2 - cy2, cx1 - wx1,
            wx2 - cx2, cv2.BORDER_CONSTANT, value=0)
        scale = self.near_face_px / side
        crop = cv2.resize(crop, (max(1, round((wx2 - wx1) * scale)),
                                 max(1, round((wy2 - wy1) * scale))),
                          interpolation=cv2.INTER_AREA if scale < 1
                          else cv2.INTER_LINEAR)
        boxes, scores = self._detect_raw(crop)
        boxes = boxes / scale + np.array([wx1, wy1, wx1, wy1], np.float32)
        return boxes.astype(np.float32), scores

    def describe(self) -> str:
        """One line saying which models this backend runs."""
        return self.name

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(detect_max_side='
                f'{self.detect_max_side}, near_face_px={self.near_face_px})')
