"""Follow one face through a video: detection, track selection, landmarks.

Whole-frame detection runs every ``detect_every`` frames while a face is
tracked (and on every frame while none is); in between, the face is
re-detected only in a window around its previous box, which is several times
cheaper, and the 68 landmarks are predicted inside the detected box. A frame
counts as having a face only when a detector confirmed it and the landmarks
form a plausible face shape, so a face leaving the picture is noticed at once.

One person is followed: the first face is the most prominent (large and
central); afterwards only a detection overlapping the tracked box continues
the track, and after a loss a face near the last position is preferred for
``reacquire_s`` seconds, so a second person is not picked up in between.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

import numpy as np

from .alignment import shape_residual
from .backends.base import FaceBackend


def box_iou(box: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """IoU of one (4,) box with (N, 4) boxes, all ``(x1, y1, x2, y2)``."""
    boxes = np.asarray(boxes, np.float64).reshape(-1, 4)
    ix1 = np.maximum(box[0], boxes[:, 0])
    iy1 = np.maximum(box[1], boxes[:, 1])
    ix2 = np.minimum(box[2], boxes[:, 2])
    iy2 = np.minimum(box[3], boxes[:, 3])
    inter = np.clip(ix2 - ix1, 0, None) * np.clip(iy2 - iy1, 0, None)
    area = (box[2] - box[0]) * (box[3] - box[1])
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    return inter / np.maximum(area + areas - inter, 1e-9)


def prominence(boxes: np.ndarray, frame_hw: Tuple[int, int]) -> np.ndarray:
    """Size relative to the frame, discounted by distance from its centre."""
    h, w = frame_hw
    boxes = np.asarray(boxes, np.float64).reshape(-1, 4)
    side = np.sqrt((boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1]))
    centre = (boxes[:, :2] + boxes[:, 2:]) / 2
    dist = np.hypot(centre[:, 0] - w / 2, centre[:, 1] - h / 2)
    return side / max(h, w) * (1.0 - 0.5 * dist / np.hypot(w / 2, h / 2))


@dataclass
class TrackedFrame:
    """The tracker's result for one frame (``landmarks`` None: no face)."""

    landmarks: Optional[np.ndarray]
    box: Optional[np.ndarray]
    source: str  # 'full' | 'near' | 'none'
    residual: float = float('nan')


class FaceTracker:
    """Track one face through consecutive frames with a :class:`FaceBackend`.

    Args:
        backend: the detector + landmark backend.
        detect_every: whole-frame detection period (frames) while a face is
            tracked; windowed detection in between. 1 = whole frame always.
        fps: video frame rate (converts ``reacquire_s`` to frames).
        iou_match: minimum IoU for a detection to continue the track.
        reacquire_s: after a loss, only a face near the last position is
            accepted for this long; then the most prominent face.
        max_residual: landmark shapes further than this from the mean face
            (see :func:`shape_residual`) are rejected.
        min_confidence: landmark confidence below this is rejected (only
            for backends that report one).
    """

    def __init__(self, backend: FaceBackend, detect_every: int = 10,
                 fps: float = 25.0, iou_match: float = 0.3,
                 reacquire_s: float = 1.0, max_residual: float = 0.2,
                 min_confidence: float = 0.2) -> None:
        if detect_every < 1:
            raise ValueError(f'detect_every must be >= 1, got {detect_every}')
        self.backend = backend
        self.detect_every = detect_every
        self.iou_match = iou_match
        self.reacquire = max(1, int(round(reacquire_s * fps)))
        self.max_residual = max_residual
        self.min_confidence = min_confidence
        self.reset()

    def reset(self) -> None:
        self._t = 0
        self._box: Optional[np.ndarray] = None  # tracked box, None if lost
        self._last_box: Optional[np.ndarray] = None
        self._lost_at = -1
        self._last_full = -10 ** 9
        self.stats = {'full': 0, 'near': 0}

    def _match(self, boxes: np.ndarray) -> Optional[int]:
        if len(boxes) == 0:
            return None
        iou = box_iou(self._box, boxes)
        best = int(np.argmax(iou))
        return best if iou[best] >= self.iou_match else None

    def _acquire(self, boxes: np.ndarray, frame_hw) -> Optional[int]:
        if len(boxes) == 0:
            return None
        if self._last_box is not None and \
                self._t - self._lost_at <= self.reacquire:
            last = self._last_box
            side = np.sqrt((last[2] - last[0]) * (last[3] - last[1]))
            sides = np.sqrt((boxes[:, 2] - boxes[:, 0])
                            * (boxes[:, 3] - boxes[:, 1]))
            dist = np.hypot(*((boxes[:, :2] + boxes[:, 2:]) / 2
                              - (last[:2] + last[2:]) / 2).T)
            near = (dist < side) & (sides > side / 2) & (sides < side * 2)
            if not near.any():
                return None
            return int(np.argmin(np.where(near, dist, np.inf)))
        return int(np.argmax(prominence(boxes, frame_hw)))

    def _full(self, image: np.ndarray) -> np.ndarray:
        self._last_full = self._t
        self.stats['full'] += 1
        return self.backend.detect(image)[0]

    def _find(self, image: np.ndarray) -> Tuple[Optional[np.ndarray], str]:
        full = None
        if self._box is not None:
            if self._t - self._last_full >= self.detect_every:
                full = self._full(image)
                idx = self._match(full)
                if idx is not None:
                    return full[idx], 'full'
            self.stats['near'] += 1
            boxes = self.backend.detect_near(image, self._box)[0]
            idx = self._match(boxes)
            if idx is not None:
                return boxes[idx], 'near'
            # lost in the window: look at the whole frame (only near the
            # last position, see _acquire) before giving up on this frame
            self._lost_at, self._box = self._t, None
        if full is None:
            full = self._full(image)
        idx = self._acquire(full, image.shape[:2])
        return (None, 'none') if idx is None else (full[idx], 'full')

    def update(self, image: np.ndarray) -> TrackedFrame:
        """Process the next frame (in the backend's ``input_format``)."""
        box, source = self._find(image)
        result = TrackedFrame(None, None, 'none')
        if box is not None:
            pts, conf = self.backend.landmarks(image, box)
            residual, _ = shape_residual(pts)
            ok = residual <= self.max_residual and not (
                conf == conf and conf < self.min_confidence)
            if ok:
                result = TrackedFrame(pts, box, source, residual)
        if result.landmarks is not None:
            self._box = self._last_box = np.asarray(result.box, np.float64)
        elif self._box is not None:  # found but rejected landmarks
            self._box = None
            self._lost_at = self._t
        self._t += 1
        return result
