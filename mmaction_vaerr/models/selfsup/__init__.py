from .base import BaseVideoSelfSup
from .byol import BYOL
from .data_preprocessor import VideoSelfSupDataPreprocessor
from .dino import DINO
from .ema import (MomentumEMA, cosine_momentum, linear_momentum,
                  scheduled_momentum)
from .lira import LiRA
from .mae import MAE
from .masking import multiblock_mask, tube_mask
from .vjepa import VJEPA

__all__ = ['BaseVideoSelfSup', 'BYOL', 'DINO', 'LiRA', 'MAE', 'MomentumEMA',
           'VJEPA', 'VideoSelfSupDataPreprocessor', 'cosine_momentum',
           'linear_momentum', 'multiblock_mask', 'scheduled_momentum',
           'tube_mask']
