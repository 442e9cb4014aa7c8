"""The paper's backend: face-alignment (S3FD or BlazeFace + 2D FAN).

FAN: Bulat & Tzimiropoulos, "How far are we from solving the 2D & 3D Face
Alignment problem?", ICCV 2017 (https://arxiv.org/abs/1703.07332).
S3FD: Zhang et al., ICCV 2017 (https://arxiv.org/abs/1708.05237).
BlazeFace: Bazarevsky et al., 2019 (https://arxiv.org/abs/1907.05047).

face-alignment downloads its weights into ``<torch hub>/checkpoints`` at first
use; without them and without network access construction fails, and this
backend raises :class:`BackendUnavailable` saying so.
"""
from __future__ import annotations

import os
import socket
from typing import List, Optional, Tuple
from urllib.parse import urlparse

import numpy as np

from .base import BackendUnavailable, FaceBackend

INSTALL_HINT = "install the 'face' extra: pip install -e .[face]"
DETECTORS = ('sfd', 'blazeface')


def checkpoint_dir() -> str:
    import torch
    return os.path.join(torch.hub.get_dir(), 'checkpoints')


def required_weights(detector: str = 'sfd') -> List[str]:
    """File names face-alignment needs in :func:`checkpoint_dir`."""
    from face_alignment.api import models_urls
    if detector == 'sfd':
        from face_alignment.detection.sfd.sfd_detector import models_urls as d
        urls = [d['s3fd']]
    elif detector == 'blazeface':
        from face_alignment.detection.blazeface.blazeface_detector import \
            models_urls as d
        urls = [d['blazeface_weights'], d['blazeface_anchors']]
    else:
        raise ValueError(f'detector must be one of {DETECTORS}, '
                         f'got {detector!r}')
    urls.append(models_urls['2DFAN-4'])
    return [os.path.basename(urlparse(u).path) for u in urls]


def missing_weights(detector: str = 'sfd') -> List[str]:
    """Required weight files that are not in :func:`checkpoint_dir`."""
    ckpt = checkpoint_dir()
    return [f for f in required_weights(detector)
            if not os.path.isfile(os.path.join(ckpt, f))]


class FaceAlignmentBackend(FaceBackend):
    """S3FD / BlazeFace detector + 2D-FAN-4 landmarks, from face-alignment.

    Args:
        detector: ``'sfd'`` (S3FD, as in the paper) or ``'blazeface'``.
        device: torch device; default ``'cuda'`` when available else ``'cpu'``.
        flip_input: also run FAN on the mirrored crop and average (2x cost).
        download: allow face-alignment to download missing weights; when
            False a missing file raises :class:`BackendUnavailable` at once.
        download_timeout: socket timeout (s) while weights are fetched, so an
            offline machine fails quickly instead of hanging.
        **kwargs: :class:`FaceBackend` arguments.
    """

    name = 'face_alignment'
    input_format = 'rgb24'

    def __init__(self, detector: str = 'sfd', device: Optional[str] = None,
                 flip_input: bool = False, download: bool = True,
                 download_timeout: float = 20.0, **kwargs) -> None:
        kwargs.setdefault('near_face_px', 128)
        super().__init__(**kwargs)
        try:
            import face_alignment
            import torch
        except ImportError as e:
            raise BackendUnavailable(
                f'face_alignment backend: cannot import face_alignment ({e}); '
                f'{INSTALL_HINT}') from None
        self.detector = detector
        self.device = device or ('cuda' if torch.cuda.is_available()
                                 else 'cpu')
        missing = missing_weights(detector)
        where = checkpoint_dir()
        if missing and not download:
            raise BackendUnavailable(
                f'face_alignment backend: weights {missing} not present in '
                f"{where}; run once online or use backend='dlib'")
        old_timeout = socket.getdefaulttimeout()
        socket.setdefaulttimeout(download_timeout)
        try:
            self._fa = face_alignment.FaceAlignment(
                face_alignment.LandmarksType.TWO_D, device=self.device,
                face_detector=detector, flip_input=flip_input,
                compile=False)
        except (OSError, RuntimeError, ValueError) as e:
            # URLError / HTTPError / socket.timeout are OSErrors; a partial
            # or corrupt download surfaces as RuntimeError from torch.load.
            raise BackendUnavailable(
                f'face_alignment backend: weights {missing or "(all)"} not '
                f'present in {where} and could not be fetched '
                f"({type(e).__name__}: {e}); run once online or use "
                "backend='dlib'") from None
        finally:
            socket.setdefaulttimeout(old_timeout)

    def _detect_raw(self, image: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        found = self._fa.face_detector.detect_from_image(
            np.ascontiguousarray(image))
        arr = np.asarray(found, np.float32).reshape(-1, 5)
        return arr[:, :4].copy(), arr[:, 4].copy()

    def landmarks(self, image: np.ndarray,
                  box: np.ndarray) -> Tuple[np.ndarray, float]:
        det = np.append(np.asarray(box, np.float32), 1.0)
        pts, scores, _ = self._fa.get_landmarks_from_image(
            np.ascontiguousarray(image), detected_faces=[det],
            return_landmark_score=True)
        return (np.asarray(pts[0], np.float32)[:, :2],
                float(np.mean(np.asarray(scores[0]))))

    def describe(self) -> str:
        return (f'face_alignment: {self.detector} detector + 2D-FAN-4 on '
                f'{self.device}')
