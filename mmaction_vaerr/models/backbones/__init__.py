from .resnet18_stem3d import ResNet18Stem3D, load_backbone_weights
from .video_vit import VideoViT

__all__ = ['ResNet18Stem3D', 'VideoViT', 'load_backbone_weights']
