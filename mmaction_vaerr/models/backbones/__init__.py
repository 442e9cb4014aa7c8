from .resnet18_stem3d import ResNet18Stem3D, load_backbone_weights
from .tap_stem import ResNet18TapStem, TapStem2d, use_tap_stem
from .video_vit import VideoViT

__all__ = ['ResNet18Stem3D', 'ResNet18TapStem', 'TapStem2d', 'VideoViT',
           'load_backbone_weights', 'use_tap_stem']
