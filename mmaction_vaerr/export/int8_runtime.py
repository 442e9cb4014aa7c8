"""Running a calibrated int8 trunk (:func:`.int8.quantize_int8` makes it)
with ONNX Runtime's CPU kernels; loading reads no pickle."""
from __future__ import annotations

import json
import logging
import os.path as osp
from typing import Optional

import numpy as np
import torch.nn as nn
from mmengine.logging import print_log

from ..utils.hardware import isa_summary, native_int8_claimed
from .tap_trunk import stack_taps, weights_fingerprint

META = 'int8.json'
ONNX = 'trunk_int8.onnx'


def _flags() -> str:
    return ', '.join(isa_summary()['flags']) or 'none'


class Int8Trunk:
    """A calibrated int8 trunk: taps -> per-frame features, on ONNX Runtime.

    Args:
        path: the folder written by :func:`quantize_int8`.
        model: when given, the recognizer whose fp32 weights the folder must
            have been made from (else ValueError naming both).
        num_threads: ONNX Runtime intra-op threads (None: its default).
        spin: let ONNX Runtime's worker threads spin between calls (its
            default). Off by default: the temporal head runs next in
            PyTorch on the same cores, and spinning workers took its CPU
            time (Zen 5, 2 cores, 50-frame clips: 48.2 ms a clip with
            spinning, 37.8 ms without; docs/benchmark.md).
    """

    def __init__(self, path: str, model: Optional[nn.Module] = None,
                 num_threads: Optional[int] = None,
                 spin: bool = False) -> None:
        import onnxruntime as ort
        meta_path, onnx_path = osp.join(path, META), osp.join(path, ONNX)
        for p in (meta_path, onnx_path):
            if not osp.isfile(p):
                raise FileNotFoundError(
                    f'{p} not found: {path} is not a calibrated int8 model '
                    '(make one with tools/deployment/quantize_int8.py)')
        try:
            with open(meta_path) as f:
                self.meta = json.load(f)
            self.kt = int(self.meta['kt'])
        except (ValueError, KeyError, TypeError) as e:
            raise ValueError(f'{meta_path}: not an int8 model description '
                             f'({e})') from None
        if model is not None:
            have = weights_fingerprint(model.backbone)
            if have != self.meta.get('fingerprint'):
                raise ValueError(
                    f'{path} was calibrated for other weights than the '
                    'given model (backbone fingerprint differs); calibrate '
                    'it again for this checkpoint')
        opts = ort.SessionOptions()
        opts.log_severity_level = 3
        if num_threads:
            opts.intra_op_num_threads = num_threads
        opts.add_session_config_entry('session.intra_op.allow_spinning',
                                      '1' if spin else '0')
        try:
            self.session = ort.InferenceSession(
                onnx_path, opts, providers=['CPUExecutionProvider'])
        except Exception as e:   # onnxruntime raises its own types
            raise ValueError(f'{onnx_path}: cannot be loaded by ONNX '
                             f'Runtime ({e})') from None
        self.path = path
        if int(self.meta.get('weight_bits', 8)) > 7 \
                and not native_int8_claimed():
            print_log(
                f'{path}: 8-bit weights on a CPU without int8 dot products '
                f'(flags: {_flags()}): '
                'ONNX Runtime\'s int16 pair sums can saturate here; '
                'calibrate it on this CPU (auto: 7-bit weights) or with '
                'full_range=False',
                logger='current', level=logging.WARNING)

    def __call__(self, taps: np.ndarray) -> np.ndarray:
        """(n, kt, H, W) float32 taps -> (n, C) float32 features."""
        (out, ) = self.session.run(None, {'taps': np.ascontiguousarray(
            taps, np.float32)})
        return out

    def frames(self, frames: np.ndarray, pad: bool = True) -> np.ndarray:
        """(T, H, W) normalised frames -> (T', C) features
        (see :func:`stack_taps` for ``pad``)."""
        return self(stack_taps(frames, self.kt, pad))
