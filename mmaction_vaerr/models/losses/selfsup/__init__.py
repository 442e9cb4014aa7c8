from .byol_loss import BYOLLoss
from .dino_loss import DINOLoss
from .frame_l1_loss import FrameL1Loss
from .masked_prediction_loss import FeatureL1Loss, PatchMSELoss

__all__ = ['BYOLLoss', 'DINOLoss', 'FeatureL1Loss', 'FrameL1Loss',
           'PatchMSELoss']
