"""Colour frames to one-channel grayscale (ITU-R BT.601 luma)."""
from __future__ import annotations

import numpy as np
from mmcv.transforms import BaseTransform

from mmaction.registry import TRANSFORMS
from ._clip import get_clip, sample_suffix

# ITU-R BT.601 luma weights (Recommendation ITU-R BT.601-7, 2011), in
# thousandths so that the weighted sum is computed exactly in integers.
_BT601_RGB_MILLI = np.array([299, 587, 114], dtype=np.int32)


@TRANSFORMS.register_module()
class ToGray(BaseTransform):
    """Convert every frame of a clip to grayscale ``(H, W, 1)`` uint8.

    ``Y = 0.299 R + 0.587 G + 0.114 B`` (ITU-R BT.601), rounded half up, as
    used by the paper's lip-reading style grayscale input (Jegorova et al.,
    "Self-Supervised Apparent Emotional Reaction Recognition from Video",
    FG 2023, https://arxiv.org/abs/2210.11341). The sum is computed exactly
    in integer arithmetic. Frames that are already one-channel (``(H, W)`` or
    ``(H, W, 1)``) keep their values and only get the ``(H, W, 1)`` layout, so
    ``ToGray`` also restores the channel axis that OpenCV-based transforms
    (e.g. mmaction2's ``Resize``) drop from one-channel frames.

    Every output frame is a new contiguous, writable array, so in-place
    transforms later in the pipeline (mmaction2's ``Flip``) are safe even if
    the decoder returned the same array object for several frames.

    Required Keys:

    - imgs: list of T uint8 arrays, ``(H, W, 3)`` colour or ``(H, W)`` /
      ``(H, W, 1)`` gray (mmaction2's ``DecordDecode``, ``PyAVDecode`` and
      ``RawFrameDecode`` return RGB).

    Modified Keys:

    - imgs: list of T uint8 arrays of shape ``(H, W, 1)``.
    - img_shape: ``(H, W)``.

    Args:
        channel_order: ``'rgb'`` (default) or ``'bgr'``, the channel order of
            three-channel input frames.
    """

    def __init__(self, channel_order: str = 'rgb') -> None:
        if channel_order not in ('rgb', 'bgr'):
            raise ValueError(
                f"channel_order must be 'rgb' or 'bgr', got {channel_order!r}")
        self.channel_order = channel_order
        weights = _BT601_RGB_MILLI
        self._weights = weights if channel_order == 'rgb' else weights[::-1]

    def _gray(self, img: np.ndarray) -> np.ndarray:
        h, w = img.shape[:2]
        if img.ndim == 2 or img.shape[2] == 1:
            return np.array(img, dtype=np.uint8, order='C').reshape(h, w, 1)
        # Exact integer weighted sum; +500 then floor-divide = round half up.
        milli = img.astype(np.int32) @ self._weights
        return ((milli + 500) // 1000).astype(np.uint8).reshape(h, w, 1)

    def transform(self, results: dict) -> dict:
        """Convert ``results['imgs']`` to ``(H, W, 1)`` grayscale frames."""
        imgs = get_clip(results, type(self).__name__)
        channels = 1 if imgs[0].ndim == 2 else imgs[0].shape[2]
        if channels not in (1, 3):
            raise ValueError(
                f'ToGray: frames have {channels} channels; expected 1 or 3'
                f'{sample_suffix(results)}')
        results['imgs'] = [self._gray(img) for img in imgs]
        results['img_shape'] = imgs[0].shape[:2]
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}(channel_order={self.channel_order!r})'
