"""Clip transforms of mmaction_vaerr (registered in mmaction2's TRANSFORMS).

Horizontal flip and random crop are mmaction2's own ``Flip`` and
``RandomCrop``: both draw once per clip and work on ``(H, W, 1)`` frames.
"""
from .crop_out import CropOut
from .missing_frames import MissingFrames
from .pack_va_inputs import PackVAInputs
from .salt_pepper import SaltPepper
from .sample_segment import SampleVASegment
from .solarize import Solarize
from .to_gray import ToGray

__all__ = [
    'CropOut', 'MissingFrames', 'PackVAInputs', 'SaltPepper',
    'SampleVASegment', 'Solarize', 'ToGray'
]
