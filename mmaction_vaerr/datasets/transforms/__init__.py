"""Clip transforms of mmaction_vaerr (registered in mmaction2's TRANSFORMS).

Horizontal flip and random crop are mmaction2's own ``Flip`` and
``RandomCrop``: both draw once per clip and work on ``(H, W, 1)`` frames.
"""
from .audio_targets import LoadAudioTargets
from .clip_zoom import ClipRandomZoom
from .crop_out import CropOut
from .frame_cache import GrayCacheDecode, GrayCacheInit
from .masked_frame_decode import MaskedFrameDecode
from .missing_frames import MissingFrames
from .multi_view import MultiView
from .pack_frame_labels import PackFrameLabels
from .pack_selfsup import PackSelfSupInputs
from .pack_va_inputs import PackVAInputs
from .reframe_face import ReframeFace
from .salt_pepper import SaltPepper
from .sample_frame_segment import SampleFrameSegment
from .sample_segment import SampleVASegment
from .solarize import Solarize
from .ssl_augment import (ClipBrightnessContrast, ClipGaussianBlur,
                          ClipRandomResizedCrop, ClipSolarize)
from .to_gray import ToGray

__all__ = [
    'ClipBrightnessContrast', 'ClipGaussianBlur', 'ClipRandomResizedCrop',
    'ClipRandomZoom', 'ClipSolarize', 'CropOut', 'GrayCacheDecode',
    'GrayCacheInit',
    'LoadAudioTargets', 'MaskedFrameDecode', 'MissingFrames',
    'MultiView', 'PackFrameLabels', 'PackSelfSupInputs', 'PackVAInputs',
    'ReframeFace', 'SaltPepper', 'SampleFrameSegment', 'SampleVASegment',
    'Solarize', 'ToGray'
]
