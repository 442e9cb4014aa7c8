"""ONNX export of the per-frame model and the temporal head.

Two graphs, so a runtime can cache frame features and carry the GRU state
exactly as :mod:`mmaction_vaerr.apis` does:

- ``frames.onnx``: ``pixels`` (N, 1, T, H, W) float32 grey levels in
  [0, 255] -> ``features`` (N, T, 512). The data preprocessor's
  normalisation (and its test-time centre crop, if any) is inside the
  graph. T is dynamic; the stem's zero padding
  applies at both ends of the clip.
- ``temporal.onnx``: ``features`` (N, T, 512) and ``h0`` (L * dirs, N,
  hidden) -> ``reg`` (N, T, 2) (arousal, valence), ``prob`` (N, T, 2, K)
  and ``hn``. Pass zeros as ``h0`` for a new video; a unidirectional model
  streams by feeding ``hn`` back as the next ``h0``.

The legacy TorchScript exporter (``dynamo=False``) is used: it needs no
extra package, and handles the GRU with dynamic length.
"""
from __future__ import annotations

import os
import os.path as osp
import warnings
from typing import Dict, Optional

import numpy as np
import torch
import torch.nn as nn

from ..models.data_preprocessors import test_frames


class FrameModel(nn.Module):
    """Normalisation + backbone + spatial pooling (-> per-frame features)."""

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.backbone = model.backbone
        self.head = model.cls_head
        self.data_preprocessor = model.data_preprocessor

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        x = test_frames(self.data_preprocessor, pixels)
        return self.head.frame_features(self.backbone(x), pixels.shape[2])


class TemporalModel(nn.Module):
    """GRU head: features and initial state -> reg, bin probabilities, hn."""

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.head = model.cls_head

    def forward(self, features: torch.Tensor, h0: torch.Tensor):
        reg, logits, hn = self.head.temporal(features, h0)
        return reg, logits.softmax(-1), hn


def initial_state(model: nn.Module, batch: int = 1) -> torch.Tensor:
    """Zero GRU state ``(layers * directions, batch, hidden)``."""
    gru = model.cls_head.gru
    dirs = 2 if gru.bidirectional else 1
    return torch.zeros(gru.num_layers * dirs, batch, gru.hidden_size)


def export_onnx(model: nn.Module, out_dir: str, num_frames: int = 16,
                size: int = 96, opset: int = 17) -> Dict[str, str]:
    """Export ``frames.onnx`` and ``temporal.onnx`` into ``out_dir``.

    Args:
        model: recognizer from :func:`mmaction_vaerr.apis.init_model`
            (moved to CPU for the export).
        out_dir: output folder.
        num_frames: clip length of the example inputs (T stays dynamic).
        size: face crop side.
        opset: ONNX opset.

    Returns:
        ``{'frames': path, 'temporal': path}``.
    """
    head = model.cls_head
    if not isinstance(getattr(head, 'gru', None), nn.GRU):
        raise TypeError('ONNX export supports GRU heads (GRUVAHead); got '
                        f'{type(head).__name__}')
    if getattr(head, 'fc_cls', True) is None:
        raise ValueError('the head has no bin classifier (its loss uses no '
                         'logits), so there is no prob output to export; '
                         'build it with cls_head.with_cls=True')
    model = model.cpu().eval()
    os.makedirs(out_dir, exist_ok=True)
    paths = dict(frames=osp.join(out_dir, 'frames.onnx'),
                 temporal=osp.join(out_dir, 'temporal.onnx'))
    pixels = torch.rand(1, 1, num_frames, size, size) * 255
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter('ignore')   # deprecation / GRU batch notes
        torch.onnx.export(
            FrameModel(model), (pixels, ), paths['frames'], dynamo=False,
            opset_version=opset, input_names=['pixels'],
            output_names=['features'],
            dynamic_axes=dict(pixels={0: 'batch', 2: 'time'},
                              features={0: 'batch', 1: 'time'}))
        feats = torch.randn(1, num_frames, model.cls_head.in_channels)
        torch.onnx.export(
            TemporalModel(model), (feats, initial_state(model)),
            paths['temporal'], dynamo=False, opset_version=opset,
            input_names=['features', 'h0'],
            output_names=['reg', 'prob', 'hn'],
            dynamic_axes=dict(features={0: 'batch', 1: 'time'},
                              h0={1: 'batch'}, reg={0: 'batch', 1: 'time'},
                              prob={0: 'batch', 1: 'time'},
                              hn={1: 'batch'}))
    return paths


def check_onnx(model: nn.Module, paths: Dict[str, str], num_frames: int = 16,
               size: int = 96, seed: int = 0,
               h0: Optional[torch.Tensor] = None) -> Dict[str, float]:
    """Max |onnxruntime - PyTorch| of every output on a random clip.

    Uses ``num_frames`` (which may differ from the export length) and, for
    the temporal graph, the features PyTorch computed, so the two graphs
    are checked separately.
    """
    import onnxruntime as ort
    model = model.cpu().eval()
    g = torch.Generator().manual_seed(seed)
    pixels = torch.rand(1, 1, num_frames, size, size, generator=g) * 255
    h0 = initial_state(model) if h0 is None else h0
    with torch.no_grad():
        feats = FrameModel(model)(pixels)
        reg, prob, hn = TemporalModel(model)(feats, h0)
    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    sess_f = ort.InferenceSession(paths['frames'], opts,
                                  providers=['CPUExecutionProvider'])
    sess_t = ort.InferenceSession(paths['temporal'], opts,
                                  providers=['CPUExecutionProvider'])
    (o_feats, ) = sess_f.run(None, {'pixels': pixels.numpy()})
    o_reg, o_prob, o_hn = sess_t.run(
        None, {'features': feats.numpy(), 'h0': h0.numpy()})

    def diff(a, b):
        return float(np.abs(np.asarray(a) - b.numpy()).max())

    return dict(features=diff(o_feats, feats), reg=diff(o_reg, reg),
                prob=diff(o_prob, prob), hn=diff(o_hn, hn))
