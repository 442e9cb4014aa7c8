from .pretrained import PretrainedInitMixin, load_backbone_weights
from .resnet18_stem3d import ResNet18Stem3D
from .tap_stem import ResNet18TapStem, TapStem2d, use_tap_stem
from .video_vit import VideoViT

__all__ = ['PretrainedInitMixin', 'ResNet18Stem3D', 'ResNet18TapStem',
           'TapStem2d', 'VideoViT', 'load_backbone_weights', 'use_tap_stem']
