from .attentive_pooling import AttentivePooling
from .clip_emotion_head import ClipEmotionHead
from .frame_au_head import FrameAUHead
from .frame_expr_head import FrameExprHead
from .gru_va_head import GRUVAHead
from .multitask_head import MultiTaskHead
from .temporal_trunk import GRUTrunk, frame_features

__all__ = [
    'AttentivePooling', 'ClipEmotionHead', 'FrameAUHead', 'FrameExprHead',
    'GRUTrunk', 'GRUVAHead', 'MultiTaskHead', 'frame_features'
]
