"""Real faces animated by known arousal/valence (the second embedded set).

``generate_realface_dataset(root, ...)`` warps real face photos (and frames
of real clips) by landmark-driven piecewise-affine warps that follow smooth
random arousal/valence trajectories, adds the nuisances of real video, and
writes the canonical layout (96x96 grey mp4 + audio, like the cartoon set)
and/or Aff-Wild2's released layout. See ``docs/realface.md``.
"""
from .affwild2_writer import AFFWILD2_SETS, write_affwild2_video
from .clip import RealFaceClip, synthesize_clip
from .expression import expression_offsets, jaw_drop
from ...preprocessing.framing import affwild2_landmarks, affwild2_to_canonical
from .generator import generate_realface_dataset
from .plan import plan_dataset
from .preview import preview_sheet, render_state, save_preview
from .reuse import realface_for_tools
from .persons import group_persons
from .cache import load_sources
from .sources import FaceSource, usable
from .subjects import SubjectSpec, plan_subjects, subject_texture
from .texture import Canvas, FaceTexture
from .warp import piecewise_affine_warp, triangulate, warp_maps

__all__ = [
    'AFFWILD2_SETS', 'Canvas', 'FaceSource', 'FaceTexture', 'RealFaceClip',
    'SubjectSpec', 'affwild2_landmarks', 'affwild2_to_canonical',
    'expression_offsets', 'generate_realface_dataset', 'group_persons',
    'jaw_drop', 'load_sources', 'plan_dataset', 'preview_sheet',
    'realface_for_tools',
    'render_state', 'save_preview', 'piecewise_affine_warp', 'plan_subjects',
    'subject_texture', 'synthesize_clip', 'triangulate', 'usable',
    'warp_maps', 'write_affwild2_video'
]
