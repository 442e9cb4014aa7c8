"""Re-frame aligned face crops of another dataset to the project's framing."""
from __future__ import annotations

import cv2
from mmcv.transforms import BaseTransform

from mmaction.registry import TRANSFORMS
from ._clip import get_clip
from ...preprocessing.framing import affwild2_to_canonical

SOURCES = ('affwild2', )


@TRANSFORMS.register_module()
class ReframeFace(BaseTransform):
    """Warp face crops by the fixed similarity to the project's crop.

    ``src='affwild2'``: Aff-Wild2's 112x112 ``cropped_aligned`` faces are
    aligned to the ArcFace 5-point template (Deng et al., CVPR 2019,
    https://arxiv.org/abs/1801.07698); the project's crops
    (``preprocessing.alignment.reference_landmarks``) put the outer eye
    corners 0.42 of the side apart and the eyes at 0.38 from the top. The
    similarity between the two (fitted on the mean face,
    :func:`~mmaction_vaerr.preprocessing.framing.affwild2_to_canonical`)
    scales 112 -> ~89 px and moves the face up ~5 px; the bottom rows,
    below the Aff-Wild2 crop's chin, are filled by repeating its last rows.
    Crops of another size are first taken as the same framing at that
    size.

    Required Keys: imgs. Modified Keys: imgs, img_shape.

    Args:
        src: the source framing (``'affwild2'``).
        size: output side (96, the project's input).
    """

    def __init__(self, src: str = 'affwild2', size: int = 96) -> None:
        if src not in SOURCES:
            raise ValueError(f'src must be one of {SOURCES}, got {src!r}')
        self.src, self.size = src, int(size)

    def transform(self, results: dict) -> dict:
        imgs = get_clip(results, type(self).__name__)
        h, w = imgs[0].shape[:2]
        if h != w:
            raise ValueError(f'ReframeFace: crops must be square, got {w}x{h}')
        mat = affwild2_to_canonical(h, self.size)
        out = []
        for img in imgs:
            r = cv2.warpAffine(img, mat, (self.size, self.size),
                               flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)
            out.append(r.reshape(self.size, self.size, *img.shape[2:]))
        results['imgs'] = out
        results['img_shape'] = (self.size, self.size)
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}(src={self.src!r}, size={self.size})'
