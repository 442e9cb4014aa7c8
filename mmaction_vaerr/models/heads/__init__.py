from .base_va_head import BaseVAHead
from .frame_features import frame_features
from .gru_va_head import GRUVAHead
from .tcn_va_head import TCNVAHead
from .transformer_va_head import TransformerVAHead, sinusoidal_encoding
from .windows import window_spans

__all__ = [
    'BaseVAHead', 'GRUVAHead', 'TCNVAHead', 'TransformerVAHead',
    'frame_features', 'sinusoidal_encoding', 'window_spans'
]
