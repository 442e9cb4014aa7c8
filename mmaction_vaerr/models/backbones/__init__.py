from .resnet18_stem3d import ResNet18Stem3D, load_backbone_weights

__all__ = ['ResNet18Stem3D', 'load_backbone_weights']
