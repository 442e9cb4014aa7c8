"""Normalise and batch single- or multi-view video inputs for pretext tasks."""
from __future__ import annotations

from typing import List, Optional, Sequence, Tuple, Union

import torch

from mmaction.models import ActionDataPreprocessor
from mmaction.registry import MODELS

# Lip-reading convention (Martinez et al., ICASSP 2020): pixel / 255 with
# mean 0.421 and std 0.165, expressed on the uint8 scale.
GRAY_MEAN = [0.421 * 255]  # 107.355
GRAY_STD = [0.165 * 255]   # 42.075


@MODELS.register_module()
class VideoSelfSupDataPreprocessor(ActionDataPreprocessor):
    """:class:`ActionDataPreprocessor` that also accepts a list of views.

    mmengine's ``pseudo_collate`` turns a batch of samples whose ``inputs`` is
    a list of ``V`` view tensors into ``inputs = [view_0, ..., view_{V-1}]``
    where each ``view_v`` is a list of ``N`` per-sample tensors. Each view is
    stacked and normalised on its own (views may differ in size, e.g. DINO's
    global and local crops), so the model receives a list of ``V`` tensors of
    shape ``(N, C, T, H_v, W_v)``. Single-view batches (a list of tensors)
    are handled exactly as by :class:`ActionDataPreprocessor`.

    Args:
        mean: per-channel mean on the uint8 scale (grayscale default
            ``0.421 * 255``).
        std: per-channel std on the uint8 scale (default ``0.165 * 255``).
        format_shape: ``'NCTHW'`` for video clips.
        **kwargs: other :class:`ActionDataPreprocessor` arguments.
    """

    def __init__(self, mean: Optional[Sequence[float]] = GRAY_MEAN,
                 std: Optional[Sequence[float]] = GRAY_STD,
                 format_shape: str = 'NCTHW', **kwargs) -> None:
        super().__init__(mean=mean, std=std, format_shape=format_shape,
                         **kwargs)

    def preprocess(self, inputs: Union[List[torch.Tensor],
                                       List[List[torch.Tensor]]],
                   data_samples, training: bool = False) -> Tuple:
        if len(inputs) and isinstance(inputs[0], (list, tuple)):
            views = []
            for view in inputs:
                batch, data_samples = super().preprocess(
                    list(view), data_samples, training)
                views.append(batch)
            return views, data_samples
        return super().preprocess(inputs, data_samples, training)
