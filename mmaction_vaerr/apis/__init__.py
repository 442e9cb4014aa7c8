"""Inference: offline (whole video, bounded memory) and streaming."""
from .inference import (DEFAULT_OVERLAP, DEFAULT_WINDOW, VAResult,
                        face_segments, inference_va, init_model,
                        predict_frames)
from .online_face import OnlineFaceAligner
from .streaming import FramePrediction, StreamingVAPredictor
from .windowing import FrameEncoder, iter_temporal, temporal_halo

__all__ = [
    'DEFAULT_OVERLAP', 'DEFAULT_WINDOW', 'FrameEncoder', 'FramePrediction',
    'OnlineFaceAligner', 'StreamingVAPredictor', 'VAResult', 'face_segments',
    'inference_va', 'init_model', 'iter_temporal', 'predict_frames',
    'temporal_halo'
]
