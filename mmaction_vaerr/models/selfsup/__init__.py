from .base import BaseVideoSelfSup
from .byol import BYOL
from .data_preprocessor import VideoSelfSupDataPreprocessor
from .dino import DINO
from .ema import MomentumEMA, cosine_momentum
from .lira import LiRA

__all__ = ['BaseVideoSelfSup', 'BYOL', 'DINO', 'LiRA', 'MomentumEMA',
           'VideoSelfSupDataPreprocessor', 'cosine_momentum']
