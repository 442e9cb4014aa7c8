from .byol_head import BYOLHead
from .dino_head import DINOHead
from .lira_head import FrameL1Loss, LiRAHead

__all__ = ['BYOLHead', 'DINOHead', 'FrameL1Loss', 'LiRAHead']
