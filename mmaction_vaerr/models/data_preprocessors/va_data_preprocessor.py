"""Data preprocessor with the test-time framing of a zoom-in training crop.

A model trained on random zoom-in crops (the Inception crop, Szegedy et
al. 2015, https://arxiv.org/abs/1409.4842, resized back to the input side)
sees faces that are larger, on average, than an uncropped test face. The
usual remedy for image classifiers is a centre crop at test time (e.g.
ResNet's 224 of 256: He et al. 2016, https://arxiv.org/abs/1512.03385);
here the centre crop is resized back to the input side, so the model's
input size and every inference path stay the same. The real-face main job
(area scale 0.7-1.0, so a mean crop side of 0.92) tested on uncropped faces
predicted arousal too low and valence too high on held-out people; the
centre crop of side 0.92 removed most of that offset (docs/realface.md).
"""
from __future__ import annotations

from typing import Optional

import torch
import torch.nn.functional as F

from mmaction.models import ActionDataPreprocessor
from mmaction.registry import MODELS


def centre_zoom(x: torch.Tensor, side: Optional[float]) -> torch.Tensor:
    """The centre ``side`` x ``side`` part of every frame, resized back.

    Args:
        x: float frames with the image in the last two dims (any leading
            dims: ``(n, H, W)``, ``(N, C, T, H, W)``, ...).
        side: the crop side as a fraction of ``H`` and ``W`` (``(0, 1]``);
            None or 1 returns ``x`` unchanged.

    Returns:
        A tensor of the shape and dtype of ``x`` (bilinear resampling,
        ``align_corners=False``, computed in float32).
    """
    if side is None or side == 1:
        return x
    h, w = x.shape[-2:]
    kh, kw = int(round(h * side)), int(round(w * side))
    top, left = (h - kh) // 2, (w - kw) // 2
    crop = x[..., top:top + kh, left:left + kw]
    lead = crop.shape[:-2]
    out = F.interpolate(crop.reshape(-1, 1, kh, kw).float(), size=(h, w),
                        mode='bilinear', align_corners=False)
    return out.reshape(*lead, h, w).to(x.dtype)


def test_frames(data_preprocessor, frames: torch.Tensor) -> torch.Tensor:
    """Pixel frames ``(..., H, W)`` -> the test inputs a data preprocessor
    makes of them: normalised by its (single-channel) mean / std, then its
    ``test_crop`` (:func:`centre_zoom`). The one place that does it for
    paths that bypass the Runner (the inference API, streaming, ONNX, the
    int8 calibration and benchmark)."""
    x = frames.float()
    mean = getattr(data_preprocessor, 'mean', None)
    if mean is not None:
        x = (x - mean.flatten()[0]) / data_preprocessor.std.flatten()[0]
    return centre_zoom(x, getattr(data_preprocessor, 'test_crop', None))


@MODELS.register_module()
class VADataPreprocessor(ActionDataPreprocessor):
    """:class:`ActionDataPreprocessor` plus an optional test-time centre crop.

    Training batches are left as mmaction2 makes them; validation, test
    and every inference path of :mod:`mmaction_vaerr.apis` and
    :mod:`mmaction_vaerr.export` (which read ``test_crop`` from here) see
    the centre ``test_crop`` of each normalised frame resized back to the
    frame size.

    Args:
        test_crop: centre crop side as a fraction of the frame side, in
            ``(0, 1]``; None: no crop (:class:`ActionDataPreprocessor`).
            For a training crop of area scale ``(a, b)``, the mean crop
            side is ``2 / 3 (b^1.5 - a^1.5) / (b - a)``.
        **kwargs: :class:`ActionDataPreprocessor` arguments.
    """

    def __init__(self, *args, test_crop: Optional[float] = None,
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if test_crop is not None and not 0 < test_crop <= 1:
            raise ValueError(f'test_crop must be in (0, 1], got {test_crop}')
        self.test_crop = test_crop

    def forward_onesample(self, data, training: bool = False) -> dict:
        data = super().forward_onesample(data, training)
        if not training and self.test_crop is not None:
            inputs = data['inputs']
            data['inputs'] = [centre_zoom(x, self.test_crop) for x in inputs] \
                if isinstance(inputs, (list, tuple)) \
                else centre_zoom(inputs, self.test_crop)
        return data
