"""Salt-and-pepper noise on every frame of a clip."""
from __future__ import annotations

import math

import numpy as np
from mmcv.transforms import BaseTransform

from mmaction.registry import TRANSFORMS
from ._clip import get_clip


def _round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


@TRANSFORMS.register_module()
class SaltPepper(BaseTransform):
    """Add salt-and-pepper noise to every frame, independently per frame.

    The "salt-and-pepper noise (50/50, all training images)" downstream
    augmentation of Jegorova et al., "Self-Supervised Apparent Emotional
    Reaction Recognition from Video", FG 2023
    (https://arxiv.org/abs/2210.11341), Table IV.

    In each frame of ``H x W`` pixels exactly ``n = round(amount * H * W)``
    pixel positions, drawn without replacement and independently for every
    frame, are replaced: ``round(salt_vs_pepper * n)`` of them by white
    (255, "salt") and the rest by black (0, "pepper"); all channels of a
    chosen pixel are set. Labels are not changed.

    Required Keys:

    - imgs: list of T uint8 frames ``(H, W)`` or ``(H, W, C)``.

    Modified Keys:

    - imgs: new noisy frame arrays (the input arrays are not modified).

    Args:
        amount: fraction of each frame's pixels replaced, in [0, 1]. The
            default 0.05 is the value of the authors' release.
        salt_vs_pepper: fraction of the replaced pixels set to white; the
            paper uses 0.5 (50/50).
        prob: probability that a clip is augmented at all (one draw per
            clip); the paper applies the noise to all training images (1.0).
    """

    def __init__(self,
                 amount: float = 0.05,
                 salt_vs_pepper: float = 0.5,
                 prob: float = 1.0) -> None:
        for name, value in (('amount', amount), ('salt_vs_pepper',
                                                 salt_vs_pepper), ('prob',
                                                                   prob)):
            if not 0.0 <= value <= 1.0:
                raise ValueError(f'{name} must be in [0, 1], got {value}')
        self.amount = amount
        self.salt_vs_pepper = salt_vs_pepper
        self.prob = prob

    def counts(self, height: int, width: int) -> tuple:
        """``(num_salt, num_pepper)`` pixels replaced in one frame."""
        num = _round_half_up(self.amount * height * width)
        num_salt = _round_half_up(self.salt_vs_pepper * num)
        return num_salt, num - num_salt

    def transform(self, results: dict) -> dict:
        """Add the noise to every frame of ``results['imgs']``."""
        imgs = get_clip(results, type(self).__name__)
        if np.random.rand() >= self.prob:
            return results
        h, w = imgs[0].shape[:2]
        num_salt, num_pepper = self.counts(h, w)
        num = num_salt + num_pepper
        if num == 0:
            return results
        # The `num` smallest of H*W uniform keys per frame are a uniform
        # random subset without replacement, drawn for all frames at once.
        keys = np.random.rand(len(imgs), h * w)
        chosen = np.argpartition(keys, num - 1, axis=1)[:, :num]
        out = []
        for img, pos in zip(imgs, chosen):
            noisy = img.copy()
            flat = noisy.reshape(h * w, -1)
            flat[pos[:num_salt]] = 255
            flat[pos[num_salt:]] = 0
            out.append(noisy)
        results['imgs'] = out
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(amount={self.amount}, '
                f'salt_vs_pepper={self.salt_vs_pepper}, prob={self.prob})')
