"""Face preprocessing: video -> one tracked face -> 68 landmarks -> aligned
grayscale crops in the project's canonical dataset layout.

The detector/landmark packages (the ``face`` extra) are imported only when a
backend is built, so this package imports without them.
"""
from .alignment import (IBUG68_FLIP, MEAN_FACE_68, STABLE_POINTS,
                        reference_landmarks, umeyama)
from .backends import (BackendUnavailable, FaceBackend, available_backends,
                       build_backend)
from .batch import find_videos, process_directory
from .outputs import OutputExistsError
from .pipeline import output_paths, preprocess_video
from .smoothing import fill_gaps, smooth_landmarks
from .tracking import FaceTracker

__all__ = [
    'BackendUnavailable', 'FaceBackend', 'FaceTracker', 'IBUG68_FLIP',
    'OutputExistsError', 'MEAN_FACE_68', 'STABLE_POINTS',
    'available_backends', 'build_backend', 'fill_gaps', 'find_videos',
    'output_paths', 'preprocess_video', 'process_directory',
    'reference_landmarks', 'smooth_landmarks', 'umeyama'
]
