"""int8 inference of the per-frame trunk: ONNX Runtime static quantisation.

The backbone of SS-VAERR is per-frame except its 3D stem, whose temporal
kernel (5) mixes neighbouring frames. Written as a 2D convolution over the
stacked temporal taps (the 3D weight reshaped:
``models.backbones.tap_stem``, as ``ResNet18TapStem`` runs it), the whole
backbone becomes one per-frame 2D network, :class:`TapTrunk`
(:mod:`.tap_trunk`): ``(n, kt, H, W)`` taps of normalised frames ->
``(n, 512)`` spatially pooled features. That graph is exported to ONNX and
quantised post-training and statically (QDQ format, per-channel symmetric
int8 weights, uint8 activations calibrated on training clips with
ONNX Runtime's ``quantize_static``; Jacob et al., CVPR 2018,
https://arxiv.org/abs/1712.05877). The GRU head stays fp32 in PyTorch (it
is under 1% of the compute). ONNX Runtime runs it with VNNI / AMX int8 dot
products where the CPU has them and AVX2 integer kernels elsewhere.

The weights' precision follows the CPU that calibrates them (``auto``, the
default), by the same rule as the other hardware-dependent switches
(:mod:`mmaction_vaerr.utils.hardware`). On x86 CPUs without VNNI, ONNX
Runtime's uint8 x int8 kernels sum pairs of products in int16
(``vpmaddubsw``), which saturates for full-range weights (255 * 127 * 2 >
32767): on a Zen 2 (AVX2 only) full-range features were off by up to 12% of
their range and the predictions' CCC with fp32 fell to 0.98, so there the
weights use 7 of their 8 bits (``reduce_range``), which keeps every sum exact
and gives the same outputs on every x86 CPU. Where the CPU has int8 dot
products (VNNI, AMX) the sums are exact at 8 bits, and 7-bit weights cost
accuracy: on an Intel Xeon with AMX the main-job model agreed with fp32 at
CCC 0.9957 with 7-bit weights (mean CCC -0.010) and 0.9991 with 8-bit ones
(-0.002; docs/benchmark.md), so ``auto`` keeps all 8 bits there.
``full_range=True`` / ``False`` forces 8 / 7 bits; a model with 8-bit
weights warns when it is loaded on a CPU without int8 dot products.

A calibrated model is a folder: ``trunk_int8.onnx`` and ``int8.json`` (the
fingerprint of the fp32 weights it was made from, the calibration set and
the versions). Loading it reads no pickle, so it cannot run code; a folder
made from other weights is refused.
"""
from __future__ import annotations

import json
import logging
import os
import os.path as osp
import tempfile
import time
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

import numpy as np
import torch
import torch.nn as nn
from mmengine.logging import print_log

from ..io.atomic import atomic_write, write_json_atomic
from ..models.data_preprocessors import test_frames
from ..utils.hardware import isa_summary, native_int8_claimed
from .tap_trunk import TapTrunk, stack_taps, weights_fingerprint

META = 'int8.json'
ONNX = 'trunk_int8.onnx'


class _Reader:
    """onnxruntime ``CalibrationDataReader`` over batches of taps."""

    def __init__(self, batches: List[np.ndarray]) -> None:
        self._it: Iterator[np.ndarray] = iter(batches)

    def get_next(self) -> Optional[Dict[str, np.ndarray]]:
        batch = next(self._it, None)
        return None if batch is None else {'taps': batch}


def quantize_int8(model: nn.Module, clips: Iterable[np.ndarray],
                  out_dir: str, batch: int = 32,
                  calibrate_method: str = 'Percentile',
                  overwrite: bool = False, source: str = '',
                  full_range: Optional[bool] = None) -> str:
    """Calibrate and save the int8 trunk of ``model`` in ``out_dir``.

    Args:
        model: a recognizer (``backbone``, ``data_preprocessor``).
        clips: (T, H, W) uint8 aligned face clips from the training data.
        out_dir: output folder (``trunk_int8.onnx`` + ``int8.json``).
        batch: frames per calibration batch.
        calibrate_method: ``'Percentile'`` (default: activation ranges at
            ONNX Runtime's 99.999th percentile, so that rare outliers do
            not widen the int8 step), ``'MinMax'`` or ``'Entropy'`` (ONNX
            Runtime's calibrators). On the trained real-face main-job model
            Percentile agreed with fp32 at CCC 0.99976 / 0.99973, MinMax at
            0.9976 / 0.9993 (docs/benchmark.md, "Zen 4").
        overwrite: replace an existing calibrated model in ``out_dir``.
        source: what the clips are (recorded in ``int8.json``).
        full_range: 8-bit weights (``True``) or 7-bit ones (``False``);
            ``None`` (auto): 8 bits where this CPU has int8 dot products
            (VNNI, AMX), else 7 (see the module docstring). The choice and
            its reason are logged and written to ``int8.json``.

    Returns:
        ``out_dir``.
    """
    from onnxruntime.quantization import (CalibrationMethod, QuantFormat,
                                          QuantType, quantize_static)
    from onnxruntime.quantization.shape_inference import quant_pre_process
    full_range, bits_reason = weight_bits_choice(full_range)
    target = osp.join(out_dir, ONNX)
    if osp.exists(target) and not overwrite:
        raise FileExistsError(f'{target} exists; pass overwrite=True '
                              '(--overwrite) to replace it')
    model = model.cpu().eval()
    trunk = TapTrunk(model.backbone)
    mean, std = _norm(model)
    test_crop = getattr(model.data_preprocessor, 'test_crop', None)
    taps = []
    for clip in clips:    # the model's test inputs (normalised, framed)
        frames = test_frames(model.data_preprocessor,
                             torch.from_numpy(np.asarray(clip)))
        taps.append(stack_taps(frames.numpy(), trunk.kt))
    if not taps:
        raise ValueError('no calibration clips')
    taps = np.concatenate(taps)
    batches = [taps[i:i + batch] for i in range(0, len(taps), batch)]
    os.makedirs(out_dir, exist_ok=True)
    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = osp.join(tmp, 'trunk.onnx')
        prep = osp.join(tmp, 'trunk_prep.onnx')
        with torch.no_grad():
            torch.onnx.export(
                trunk, (torch.from_numpy(batches[0]), ), fp32, dynamo=False,
                opset_version=17, input_names=['taps'],
                output_names=['features'],
                dynamic_axes=dict(taps={0: 'n'}, features={0: 'n'}))
        quant_pre_process(fp32, prep)
        # written beside the target and renamed (the temporary folder may
        # be on another file system, where a rename fails)
        with atomic_write(target, keep_ext=True) as part:
            quantize_static(
                prep, part, _Reader(batches), quant_format=QuantFormat.QDQ,
                per_channel=True, activation_type=QuantType.QUInt8,
                weight_type=QuantType.QInt8, reduce_range=not full_range,
                calibrate_method=getattr(CalibrationMethod,
                                         calibrate_method))
    import onnxruntime
    meta = dict(format='mmaction_vaerr-int8-trunk', version=1, kt=trunk.kt,
                in_channels=trunk.in_channels,
                feat_dim=int(getattr(model.backbone, 'feat_dim', 0)),
                mean=mean, std=std, test_crop=test_crop,
                weight_bits=8 if full_range else 7,
                weight_bits_reason=bits_reason,
                fingerprint=weights_fingerprint(model.backbone),
                calibration=dict(frames=int(len(taps)), batch=batch,
                                 method=calibrate_method, source=source,
                                 seconds=round(time.time() - t0, 1)),
                onnxruntime=onnxruntime.__version__, torch=torch.__version__)
    write_json_atomic(osp.join(out_dir, META), meta, indent=2)
    return out_dir


def weight_bits_choice(full_range: Optional[bool]) -> Tuple[bool, str]:
    """``(full_range, reason)``: ``full_range`` as given, or for ``None``
    8-bit weights exactly where the CPU has int8 dot products; logged."""
    if full_range is not None:
        reason = f'requested {8 if full_range else 7} bits'
    elif native_int8_claimed():
        full_range = True
        reason = (f'auto: int8 dot products on this CPU (flags: '
                  f'{_flags()}), full-range sums are exact')
    else:
        full_range = False
        reason = (f'auto: no int8 dot products on this CPU (flags: '
                  f'{_flags()}), 7 bits keep the int16 pair sums exact')
    print_log(f'int8 weights: {8 if full_range else 7} bits ({reason})',
              logger='current')
    return full_range, reason


def _flags() -> str:
    return ', '.join(isa_summary()['flags']) or 'none'


def _norm(model: nn.Module):
    dp = model.data_preprocessor
    mean = getattr(dp, 'mean', None)
    std = getattr(dp, 'std', None)
    return (0.0 if mean is None else float(mean.flatten()[0]),
            1.0 if std is None else float(std.flatten()[0]))


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
