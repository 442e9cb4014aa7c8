from .byol_head import BYOLHead
from .dino_head import DINOHead
from .lira_head import LiRAHead
from .mae_head import MAEHead, patchify, split_mask
from .token_predictor import TokenPredictor
from .vjepa_head import VJEPAHead

__all__ = ['BYOLHead', 'DINOHead', 'LiRAHead', 'MAEHead',
           'TokenPredictor', 'VJEPAHead', 'patchify', 'split_mask']
