from .attentive_pooling import AttentivePooling
from .base_va_head import BaseVAHead
from .clip_emotion_head import ClipEmotionHead
from .frame_au_head import FrameAUHead
from .frame_expr_head import FrameExprHead
from .frame_features import frame_features
from .gru_va_head import GRUVAHead
from .multitask_head import MultiTaskHead
from .tcn_transformer_trunks import TCNTrunk, TransformerTrunk
from .tcn_va_head import TCNVAHead
from .temporal_trunk import GRUTrunk
from .transformer_va_head import TransformerVAHead, sinusoidal_encoding
from .windows import window_spans

__all__ = [
    'AttentivePooling', 'BaseVAHead', 'ClipEmotionHead', 'FrameAUHead',
    'FrameExprHead', 'GRUTrunk', 'GRUVAHead', 'MultiTaskHead', 'TCNTrunk',
    'TCNVAHead', 'TransformerTrunk', 'TransformerVAHead', 'frame_features',
    'sinusoidal_encoding', 'window_spans'
]
