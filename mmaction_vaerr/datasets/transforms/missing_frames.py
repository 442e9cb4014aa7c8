"""Missing frames: replace a fixed fraction of a clip's frames by black."""
from __future__ import annotations

import math

import numpy as np
from mmcv.transforms import BaseTransform

from mmaction.registry import TRANSFORMS
from ._clip import get_clip


@TRANSFORMS.register_module()
class MissingFrames(BaseTransform):
    """Replace ``round(ratio * T)`` random frames of a clip by black frames.

    The "missing frames (20% of frames replaced by black frames)" downstream
    augmentation of Jegorova et al., "Self-Supervised Apparent Emotional
    Reaction Recognition from Video", FG 2023
    (https://arxiv.org/abs/2210.11341), Table IV. It simulates frames where
    the face tracker lost the face.

    Exactly ``round(ratio * T)`` frames (rounded half up), chosen uniformly
    without replacement once per clip, become all-zero frames of the same
    shape; the other frames are untouched. Labels are deliberately left as
    they are: ``gt_va`` keeps the annotation of the hidden frames and
    ``frame_mask`` still marks them valid, because the person's emotion
    did not change when the picture went missing. The temporal model is
    trained to carry the estimate across the gap, which is the point of the
    augmentation. Put this transform after photometric augmentations
    (solarisation, salt-and-pepper) so the missing frames stay black.

    Required Keys:

    - imgs: list of T uint8 frames ``(H, W)`` or ``(H, W, C)``.

    Modified Keys:

    - imgs: the chosen frames are replaced by new all-zero arrays (one
      array per frame, never shared); the others are the input arrays.

    Added Keys:

    - missing_frame_inds: sorted ``(round(ratio * T),)`` int array of the
      blacked-out positions in the clip. Only set when the clip was
      augmented.

    Args:
        ratio: fraction of the clip's frames to black out, in [0, 1]. The
            paper uses 0.2.
        prob: probability that a clip is augmented at all (one draw per clip).
    """

    def __init__(self, ratio: float = 0.2, prob: float = 1.0) -> None:
        if not 0.0 <= ratio <= 1.0:
            raise ValueError(f'ratio must be in [0, 1], got {ratio}')
        if not 0.0 <= prob <= 1.0:
            raise ValueError(f'prob must be in [0, 1], got {prob}')
        self.ratio = ratio
        self.prob = prob

    def num_missing(self, num_frames: int) -> int:
        """Number of frames blacked out in a clip of ``num_frames`` frames."""
        return int(math.floor(self.ratio * num_frames + 0.5))

    def transform(self, results: dict) -> dict:
        """Black out ``round(ratio * T)`` frames of ``results['imgs']``."""
        imgs = get_clip(results, type(self).__name__)
        if np.random.rand() >= self.prob:
            return results
        num_frames = len(imgs)
        inds = np.sort(
            np.random.choice(num_frames,
                             self.num_missing(num_frames),
                             replace=False))
        out = list(imgs)
        for i in inds:
            out[i] = np.zeros_like(imgs[i])
        results['imgs'] = out
        results['missing_frame_inds'] = inds.astype(np.int64)
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}(ratio={self.ratio}, prob={self.prob})'
