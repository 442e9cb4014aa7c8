"""Solarisation: invert the pixels brighter than the image's mean."""
from __future__ import annotations

import numpy as np
from mmcv.transforms import BaseTransform

from mmaction.registry import TRANSFORMS
from ._clip import get_clip


@TRANSFORMS.register_module()
class Solarize(BaseTransform):
    """Solarise about ``ratio`` of a clip's images, each drawn independently.

    The "solarisation (20% of images, invert above mean lightness)" downstream
    augmentation of Jegorova et al., "Self-Supervised Apparent Emotional
    Reaction Recognition from Video", FG 2023
    (https://arxiv.org/abs/2210.11341), Table IV. Every frame is solarised
    with probability ``ratio`` (one draw per image, so a clip gets a
    binomial number of solarised frames). In a solarised frame every pixel
    value ``p`` strictly above the frame's mean value (its mean lightness for
    grayscale frames) becomes ``255 - p``; the other pixels are unchanged.
    Labels are not changed.

    Required Keys:

    - imgs: list of T uint8 frames ``(H, W)`` or ``(H, W, C)``.

    Modified Keys:

    - imgs: solarised frames are new arrays; the others are the input arrays.

    Added Keys:

    - solarized: ``(T,)`` bool array, True for the solarised frames.

    Args:
        ratio: probability that each image is solarised, in [0, 1]. The paper
            uses 0.2.
    """

    def __init__(self, ratio: float = 0.2) -> None:
        if not 0.0 <= ratio <= 1.0:
            raise ValueError(f'ratio must be in [0, 1], got {ratio}')
        self.ratio = ratio

    @staticmethod
    def solarize(img: np.ndarray) -> np.ndarray:
        """Return ``img`` with the pixels above its mean inverted."""
        return np.where(img > img.mean(), 255 - img, img).astype(np.uint8)

    def transform(self, results: dict) -> dict:
        """Solarise about ``ratio`` of the frames of ``results['imgs']``."""
        imgs = get_clip(results, type(self).__name__)
        chosen = np.random.rand(len(imgs)) < self.ratio
        results['imgs'] = [
            self.solarize(img) if c else img for img, c in zip(imgs, chosen)
        ]
        results['solarized'] = chosen
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}(ratio={self.ratio})'
