from .byol_loss import BYOLLoss
from .dino_loss import DINOLoss

__all__ = ['BYOLLoss', 'DINOLoss']
