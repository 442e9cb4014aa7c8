"""Deployment export (ONNX)."""
from .onnx import (FrameModel, TemporalModel, check_onnx, export_onnx,
                   initial_state)

__all__ = ['FrameModel', 'TemporalModel', 'check_onnx', 'export_onnx',
           'initial_state']
