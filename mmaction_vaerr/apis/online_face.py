"""Frame-by-frame face alignment for live input (webcam, a video read as a
stream), built from the offline preprocessing parts: the same
:class:`FaceTracker`, 68-point backends and similarity alignment as
:func:`mmaction_vaerr.preprocessing.preprocess_video`, minus what needs the
future (two-sided landmark smoothing and gap interpolation).
"""
from __future__ import annotations

from typing import Optional, Tuple, Union

import cv2
import numpy as np

from ..preprocessing.alignment import (alignment_matrix, reference_landmarks,
                                       warp_face)
from ..preprocessing.backends import FaceBackend, shared_backend
from ..io.orientation import Orientation, warn_if_not_applied
from ..preprocessing.tracking import FaceTracker


class OnlineFaceAligner:
    """BGR frame in, aligned ``size`` x ``size`` gray face and a flag out.

    A frame without a face is cut with the last face's alignment (the crop
    keeps the time axis and the flag says ``False``); before the first face
    the crop is black.

    Args:
        backend: a :class:`FaceBackend` or a name (``'auto'``, ``'dlib'``,
            ``'face_alignment'``; built once per process, see
            :func:`shared_backend`).
        fps: frame rate (the tracker's re-acquisition window).
        size: crop side (96 for the paper's model).
        detect_every: whole-frame detection period while tracking.
        rotation: display orientation of the source (e.g.
            ``probe_video(path).rotation`` for a phone video read by a reader
            that does not rotate); each frame is turned upright before
            detection. None: frames are upright already (OpenCV's reader
            rotates files itself).
    """

    def __init__(self, backend: Union[str, FaceBackend] = 'auto',
                 fps: float = 25.0, size: int = 96,
                 detect_every: int = 10,
                 rotation: Optional[Orientation] = None) -> None:
        if isinstance(backend, str):
            backend, self.note = shared_backend(backend)
        else:
            self.note = f'face backend: {backend.describe()}'
        self.backend = backend
        self.size = size
        self.tracker = FaceTracker(backend, detect_every=detect_every,
                                   fps=fps)
        self.reference = reference_landmarks(size)
        self._mat: Optional[np.ndarray] = None
        self.rotation = rotation
        if rotation is not None:
            warn_if_not_applied('the stream', rotation)

    def reset(self) -> None:
        self.tracker.reset()
        self._mat = None

    def __call__(self, bgr: np.ndarray) -> Tuple[np.ndarray, bool]:
        """Align the face of one BGR uint8 frame (as stored by the source
        when ``rotation`` was given, else upright)."""
        if self.rotation is not None:
            bgr = self.rotation.apply(bgr)
        gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
        fmt = self.backend.input_format
        if fmt == 'gray':
            image = gray
        elif fmt == 'rgb24':
            image = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        elif fmt == 'bgr24':
            image = bgr
        else:
            raise ValueError(f'unsupported backend input format {fmt!r}')
        found = self.tracker.update(image).landmarks
        if found is not None:
            self._mat = alignment_matrix(found, self.reference)
        if self._mat is None:
            return np.zeros((self.size, self.size), np.uint8), False
        return warp_face(gray, self._mat, self.size), found is not None
