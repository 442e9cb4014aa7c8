"""Pack the views of a clip for self-supervised pretext models."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import torch
from mmcv.transforms import BaseTransform

from mmaction.registry import TRANSFORMS
from mmaction.structures import ActionDataSample
from ._clip import get_clip


@TRANSFORMS.register_module()
class PackSelfSupInputs(BaseTransform):
    """Turn ``views`` into a list of ``(C, T, H, W)`` uint8 tensors.

    After mmengine's ``pseudo_collate`` a batch's ``inputs`` is a list over
    views of lists over clips, which
    :class:`~mmaction_vaerr.models.selfsup.VideoSelfSupDataPreprocessor`
    stacks and normalises view by view. Views of the same index must have
    the same size across the batch; different indices may differ (DINO's
    global and local crops).

    Required Keys: ``views`` (list of views, each a list of T frames
    ``(H, W, C)`` uint8, e.g. from :class:`MultiView`).

    Added Keys: ``inputs`` (list of ``(C, T, H, W)`` tensors; ``C = 1`` for
    grayscale), ``data_samples`` (:class:`ActionDataSample` with the
    ``meta_keys`` present in the results as metainfo).

    Args:
        meta_keys: keys copied into the data sample's metainfo when present.
    """

    def __init__(self, meta_keys: Sequence[str] = (
            'video_id', 'filename', 'frame_inds', 'total_frames')) -> None:
        self.meta_keys = tuple(meta_keys)

    def transform(self, results: dict) -> dict:
        if 'views' not in results:
            raise KeyError(f"{type(self).__name__}: results has no 'views' "
                           f"(video {results.get('filename')}); put "
                           'MultiView before it')
        inputs = []
        for view in results['views']:
            frames = get_clip(dict(imgs=view, filename=results.get(
                'filename')), type(self).__name__)
            clip = np.stack([f if f.ndim == 3 else f[..., None]
                             for f in frames])              # T, H, W, C
            inputs.append(torch.from_numpy(
                np.ascontiguousarray(clip.transpose(3, 0, 1, 2))))
        sample = ActionDataSample()
        sample.set_metainfo({k: results[k] for k in self.meta_keys
                             if k in results})
        return dict(inputs=inputs, data_samples=sample)

    def __repr__(self) -> str:
        return f'{type(self).__name__}(meta_keys={self.meta_keys})'
