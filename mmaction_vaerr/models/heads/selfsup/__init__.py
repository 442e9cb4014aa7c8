from .byol_head import BYOLHead
from .dino_head import DINOHead
from .lira_head import FrameL1Loss, LiRAHead
from .mae_head import MAEHead, patchify, split_mask
from .token_predictor import TokenPredictor
from .vjepa_head import VJEPAHead

__all__ = ['BYOLHead', 'DINOHead', 'FrameL1Loss', 'LiRAHead', 'MAEHead',
           'TokenPredictor', 'VJEPAHead', 'patchify', 'split_mask']
