"""Face detection + 68-point landmark backends (imported lazily)."""
from .base import BackendUnavailable, FaceBackend
from .builder import (AUTO_ORDER, BACKENDS, available_backends,
                      build_backend, shared_backend)
from .dlib_backend import DlibBackend
from .face_alignment_backend import FaceAlignmentBackend

__all__ = [
    'AUTO_ORDER', 'BACKENDS', 'BackendUnavailable', 'DlibBackend',
    'FaceAlignmentBackend', 'FaceBackend', 'available_backends',
    'build_backend', 'shared_backend'
]
