from .conformer import ConformerEncoder
from .projection_mlp import ProjectionMLP, pool_clip

__all__ = ['ConformerEncoder', 'ProjectionMLP', 'pool_clip']
