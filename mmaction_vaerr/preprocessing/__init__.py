"""Face preprocessing: video -> one tracked face -> 68 landmarks -> aligned
grayscale crops in the project's canonical dataset layout.

The detector/landmark packages (the ``face`` extra) are imported only when a
backend is built, so this package imports without them.
"""
from .alignment import (IBUG68_FLIP, MEAN_FACE_68, STABLE_POINTS,
                        reference_landmarks, umeyama)
from .backends import (BackendUnavailable, FaceBackend, available_backends,
                       build_backend)
from .audio_targets import extract_audio_targets
from .batch import find_videos, process_directory
from .orientation import Orientation
from .outputs import OutputExistsError
from .pipeline import (apply_face_mask, output_paths, preprocess_video,
                       read_face_mask)
from .smoothing import fill_gaps, smooth_landmarks
from .tracking import FaceTracker
from .video_io import VideoReadError, iter_frames, probe_video

__all__ = [
    'BackendUnavailable', 'FaceBackend', 'FaceTracker', 'IBUG68_FLIP',
    'Orientation', 'OutputExistsError', 'extract_audio_targets',
    'MEAN_FACE_68', 'STABLE_POINTS', 'VideoReadError', 'apply_face_mask',
    'available_backends', 'build_backend', 'fill_gaps', 'find_videos',
    'iter_frames', 'output_paths', 'preprocess_video', 'probe_video',
    'process_directory', 'read_face_mask', 'reference_landmarks',
    'smooth_landmarks', 'umeyama'
]
