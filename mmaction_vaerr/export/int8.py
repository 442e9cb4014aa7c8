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

The stem and the first stage (``layer1``) stay fp32 by default
(``KEEP_FP32``; ``keep_fp32=()`` quantises every convolution). They see the
finest detail at the highest resolution, and their rounding reaches every
later layer: on the half-width main-job model (Zen 4, 4,000 real test
frames) quantising every convolution agreed with fp32 at CCC 0.9986 on
arousal with 8-bit weights (0.9990 with 7), and keeping these two in fp32
at 0.99987 (0.99986 with 7), mean CCC within 0.0014, for 1,137 instead of
1,296 frames/s end to end (docs/benchmark.md, "int8 with the first stage
in fp32"). Keeping the last stages or the first stage alone did not help.

A calibrated model is a folder: ``trunk_int8.onnx`` and ``int8.json`` (the
fingerprint of the fp32 weights it was made from, the calibration set and
the versions). Loading it reads no pickle, so it cannot run code; a folder
made from other weights is refused.
"""
from __future__ import annotations

import os
import os.path as osp
import tempfile
import time
from typing import Dict, Iterable, Iterator, List, Optional, Sequence

import numpy as np
import torch
import torch.nn as nn

from ..io.atomic import atomic_write, write_json_atomic
from ..models.data_preprocessors import test_frames
from .int8_choices import KEEP_FP32, fp32_nodes, weight_bits_choice
from .int8_runtime import META, ONNX, Int8Trunk
from .tap_trunk import TapTrunk, stack_taps, weights_fingerprint

__all__ = ['KEEP_FP32', 'META', 'ONNX', 'Int8Trunk', 'TapTrunk',
           'quantize_int8', 'stack_taps', 'weight_bits_choice',
           'fp32_nodes']


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
                  full_range: Optional[bool] = None,
                  keep_fp32: Sequence[str] = KEEP_FP32) -> str:
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
        keep_fp32: parts of the backbone left in fp32, by module path:
            ``'stem'``, a stage (``'layer1'`` ... ``'layer4'``) or a block
            (``'layer1.0'``). Default: ``KEEP_FP32`` (see the module
            docstring); ``()`` quantises every convolution.

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
    keep_fp32 = tuple(keep_fp32)
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
        kept = fp32_nodes(prep, keep_fp32)     # before any output exists
        os.makedirs(out_dir, exist_ok=True)
        # written beside the target and renamed (the temporary folder may
        # be on another file system, where a rename fails)
        with atomic_write(target, keep_ext=True) as part:
            quantize_static(
                prep, part, _Reader(batches), quant_format=QuantFormat.QDQ,
                per_channel=True, activation_type=QuantType.QUInt8,
                weight_type=QuantType.QInt8, reduce_range=not full_range,
                nodes_to_exclude=kept,
                calibrate_method=getattr(CalibrationMethod,
                                         calibrate_method))
    import onnxruntime
    meta = dict(format='mmaction_vaerr-int8-trunk', version=1, kt=trunk.kt,
                in_channels=trunk.in_channels,
                feat_dim=int(getattr(model.backbone, 'feat_dim', 0)),
                mean=mean, std=std, test_crop=test_crop,
                weight_bits=8 if full_range else 7,
                weight_bits_reason=bits_reason,
                keep_fp32=list(keep_fp32), fp32_nodes=len(kept),
                fingerprint=weights_fingerprint(model.backbone),
                calibration=dict(frames=int(len(taps)), batch=batch,
                                 method=calibrate_method, source=source,
                                 seconds=round(time.time() - t0, 1)),
                onnxruntime=onnxruntime.__version__, torch=torch.__version__)
    write_json_atomic(osp.join(out_dir, META), meta, indent=2)
    return out_dir


def _norm(model: nn.Module):
    dp = model.data_preprocessor
    mean = getattr(dp, 'mean', None)
    std = getattr(dp, 'std', None)
    return (0.0 if mean is None else float(mean.flatten()[0]),
            1.0 if std is None else float(std.flatten()[0]))


