"""Crop-out: black square patches on the frames of a clip."""
from __future__ import annotations

import numpy as np
from mmcv.transforms import BaseTransform

from mmaction.registry import TRANSFORMS
from ._clip import get_clip, sample_suffix


@TRANSFORMS.register_module()
class CropOut(BaseTransform):
    """Black out ``num_patches`` square patches of every frame of a clip.

    The "crop-out (5 black square patches)" downstream augmentation of
    Jegorova et al., "Self-Supervised Apparent Emotional Reaction Recognition
    from Video", FG 2023 (https://arxiv.org/abs/2210.11341), Table IV; a
    cutout variant (DeVries & Taylor, https://arxiv.org/abs/1708.04552).

    Each patch is ``patch_size x patch_size`` pixels and lies wholly inside
    the frame (its top-left corner is drawn uniformly from the valid
    positions); patches are drawn independently and may overlap. By default
    (``per_frame=False``) one set of positions is drawn per clip and the same
    patches hide the same face region on every frame, an occlusion that
    persists through time; ``per_frame=True`` draws new positions for every
    frame. Labels (``gt_va``, ``frame_mask``) are not changed.

    Required Keys:

    - imgs: list of T uint8 frames ``(H, W)`` or ``(H, W, C)``.

    Modified Keys:

    - imgs: new frame arrays with the patches set to 0 (the input arrays
      are not modified).

    Added Keys:

    - cropout_bboxes: ``(T, num_patches, 4)`` int array of the patches as
      ``(x1, y1, x2, y2)`` (exclusive ends); all-equal along T unless
      ``per_frame``. Only set when the clip was augmented.

    Args:
        num_patches: number of black squares per frame. The paper uses 5.
        patch_size: side of each square in pixels. The default 21 is about
            22% of a 96-pixel face (the size used for 96-pixel faces in the
            authors' release).
        prob: probability that a clip is augmented at all (one draw per clip).
        per_frame: draw new patch positions for every frame instead of once
            per clip.
    """

    def __init__(self,
                 num_patches: int = 5,
                 patch_size: int = 21,
                 prob: float = 1.0,
                 per_frame: bool = False) -> None:
        if not isinstance(num_patches, int) or num_patches < 1:
            raise ValueError(
                f'num_patches must be a positive int, got {num_patches!r}')
        if not isinstance(patch_size, int) or patch_size < 1:
            raise ValueError(
                f'patch_size must be a positive int, got {patch_size!r}')
        if not 0.0 <= prob <= 1.0:
            raise ValueError(f'prob must be in [0, 1], got {prob}')
        self.num_patches = num_patches
        self.patch_size = patch_size
        self.prob = prob
        self.per_frame = per_frame

    def transform(self, results: dict) -> dict:
        """Black out the patches on ``results['imgs']``."""
        imgs = get_clip(results, type(self).__name__)
        h, w = imgs[0].shape[:2]
        s = self.patch_size
        if s > h or s > w:
            raise ValueError(
                f'CropOut: patch_size {s} does not fit in {h}x{w} frames'
                f'{sample_suffix(results)}')
        if np.random.rand() >= self.prob:
            return results
        draws = len(imgs) if self.per_frame else 1
        x1 = np.random.randint(0, w - s + 1, size=(draws, self.num_patches))
        y1 = np.random.randint(0, h - s + 1, size=(draws, self.num_patches))
        bboxes = np.stack([x1, y1, x1 + s, y1 + s], axis=-1)
        bboxes = np.broadcast_to(bboxes, (len(imgs), self.num_patches, 4))
        out = []
        for img, frame_boxes in zip(imgs, bboxes):
            img = img.copy()
            for bx1, by1, bx2, by2 in frame_boxes:
                img[by1:by2, bx1:bx2] = 0
            out.append(img)
        results['imgs'] = out
        results['cropout_bboxes'] = np.ascontiguousarray(bboxes)
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(num_patches={self.num_patches}, '
                f'patch_size={self.patch_size}, prob={self.prob}, '
                f'per_frame={self.per_frame})')
