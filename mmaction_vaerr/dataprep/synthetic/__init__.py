"""Synthetic face videos with known arousal/valence (the embedded default).

``generate_synthetic_dataset(root, ...)`` writes subjects x videos of
grayscale faces whose expression follows smooth random arousal/valence
trajectories, with a synchronised audio track, in the canonical layout of
:mod:`mmaction_vaerr.datasets.va_annotation`.
"""
from .audio import synthesize_audio
from .clip import SyntheticClip, subject_identity, synthesize_clip
from .face_renderer import render_face
from .generator import generate_synthetic_dataset
from .identity import FaceIdentity, sample_identity
from .preview import contact_sheet, save_contact_sheet
from .splits import resolve_splits
from .trajectories import (blink_signal, head_motion, talk_signal,
                           va_trajectory)

__all__ = [
    'generate_synthetic_dataset', 'synthesize_clip', 'SyntheticClip',
    'subject_identity', 'FaceIdentity', 'render_face', 'sample_identity',
    'va_trajectory', 'blink_signal', 'head_motion', 'talk_signal',
    'synthesize_audio', 'contact_sheet',
    'save_contact_sheet', 'resolve_splits'
]
