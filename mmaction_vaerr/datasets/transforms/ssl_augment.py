"""View augmentations for BYOL / DINO, drawn once per view (clip).

BYOL's augmentation set (Grill et al. 2020, https://arxiv.org/abs/2006.07733,
App. B) adapted to grayscale video: random resized crop, horizontal flip
(mmaction2's ``Flip``, one draw per clip), brightness/contrast jitter (the
colour jitter without saturation and hue, which grayscale lacks; random
grayscale is moot), Gaussian blur and solarisation. Every random parameter is
drawn once per call, i.e. once per view, and applied to all its frames, so a
view stays a temporally coherent clip.
"""
from __future__ import annotations

import math
import random
from typing import Sequence, Tuple

import cv2
import numpy as np
from mmcv.transforms import BaseTransform

from mmaction.registry import TRANSFORMS
from ._clip import get_clip

_INTERP = dict(bilinear=cv2.INTER_LINEAR, bicubic=cv2.INTER_CUBIC,
               area=cv2.INTER_AREA)


def _keep_channels(out: np.ndarray, like: np.ndarray) -> np.ndarray:
    """OpenCV drops the axis of ``(H, W, 1)`` images; put it back."""
    return out[..., None] if like.ndim == 3 and out.ndim == 2 else out


def _check_prob(p: float) -> float:
    if not 0.0 <= p <= 1.0:
        raise ValueError(f'p must be in [0, 1], got {p}')
    return p


@TRANSFORMS.register_module()
class ClipRandomResizedCrop(BaseTransform):
    """Crop one random box (same for every frame) and resize it.

    The box covers a fraction in ``scale`` of the frame area with aspect
    ratio (w / h) log-uniform in ``ratio`` (Szegedy et al. 2015's
    Inception crop, as used by BYOL and DINO); after 10 failed draws the
    largest centred box with a clamped ratio is used.

    Required Keys: ``imgs`` (T uint8 frames ``(H, W[, C])``).

    Modified Keys: ``imgs`` (``(size, size[, C])``), ``img_shape``.

    Added Keys: ``crop_bbox`` (``x1, y1, x2, y2`` in input pixels).

    Args:
        size: output side (or ``(h, w)``).
        scale: range of the box area as a fraction of the frame area.
        ratio: range of the box aspect ratio.
        interpolation: ``'bilinear'``, ``'bicubic'`` or ``'area'``.
    """

    def __init__(self, size, scale: Tuple[float, float] = (0.08, 1.0),
                 ratio: Tuple[float, float] = (3 / 4, 4 / 3),
                 interpolation: str = 'bicubic') -> None:
        self.size = (size, size) if isinstance(size, int) else tuple(size)
        if not 0 < scale[0] <= scale[1] <= 1:
            raise ValueError(f'scale must satisfy 0 < min <= max <= 1, '
                             f'got {scale}')
        if not 0 < ratio[0] <= ratio[1]:
            raise ValueError(f'ratio must satisfy 0 < min <= max, '
                             f'got {ratio}')
        if interpolation not in _INTERP:
            raise ValueError(f'interpolation must be one of {list(_INTERP)}')
        self.scale, self.ratio = tuple(scale), tuple(ratio)
        self.interpolation = interpolation

    def get_box(self, h: int, w: int) -> Tuple[int, int, int, int]:
        """Draw ``(x1, y1, x2, y2)`` inside an ``h x w`` frame."""
        area = h * w
        log_r = (math.log(self.ratio[0]), math.log(self.ratio[1]))
        for _ in range(10):
            target = area * random.uniform(*self.scale)
            r = math.exp(random.uniform(*log_r))
            cw = int(round(math.sqrt(target * r)))
            ch = int(round(math.sqrt(target / r)))
            if 0 < cw <= w and 0 < ch <= h:
                x1 = random.randint(0, w - cw)
                y1 = random.randint(0, h - ch)
                return x1, y1, x1 + cw, y1 + ch
        r = min(max(w / h, self.ratio[0]), self.ratio[1])
        cw, ch = (w, int(round(w / r))) if w / h <= r else \
            (int(round(h * r)), h)
        x1, y1 = (w - cw) // 2, (h - ch) // 2
        return x1, y1, x1 + cw, y1 + ch

    def transform(self, results: dict) -> dict:
        imgs = get_clip(results, type(self).__name__)
        h, w = imgs[0].shape[:2]
        x1, y1, x2, y2 = self.get_box(h, w)
        dsize = (self.size[1], self.size[0])
        interp = _INTERP[self.interpolation]
        results['imgs'] = [
            _keep_channels(cv2.resize(img[y1:y2, x1:x2], dsize,
                                      interpolation=interp), img)
            for img in imgs]
        results['crop_bbox'] = np.array([x1, y1, x2, y2])
        results['img_shape'] = self.size
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(size={self.size}, '
                f'scale={self.scale}, ratio={self.ratio}, '
                f'interpolation={self.interpolation!r})')


@TRANSFORMS.register_module()
class ClipBrightnessContrast(BaseTransform):
    """Random brightness and contrast change, one draw per clip.

    With probability ``p``: brightness multiplies pixels by
    ``b ~ U(1 - brightness, 1 + brightness)``; contrast maps
    ``x -> m + c (x - m)`` with ``c ~ U(1 - contrast, 1 + contrast)`` and
    ``m`` the mean of the clip (one map for all frames); the two are applied
    in random order (as torchvision's ColorJitter), then clipped to
    ``[0, 255]``. BYOL: brightness 0.4, contrast 0.4, p 0.8.

    Required Keys: ``imgs``. Modified Keys: ``imgs``.

    Args:
        brightness: brightness strength in ``[0, 1]``.
        contrast: contrast strength in ``[0, 1]``.
        p: probability of jittering the clip.
    """

    def __init__(self, brightness: float = 0.4, contrast: float = 0.4,
                 p: float = 0.8) -> None:
        for name, v in (('brightness', brightness), ('contrast', contrast)):
            if not 0.0 <= v <= 1.0:
                raise ValueError(f'{name} must be in [0, 1], got {v}')
        self.brightness, self.contrast = brightness, contrast
        self.p = _check_prob(p)

    def transform(self, results: dict) -> dict:
        imgs = get_clip(results, type(self).__name__)
        if random.random() >= self.p:
            return results
        clip = np.stack(imgs).astype(np.float32)
        b = random.uniform(1 - self.brightness, 1 + self.brightness)
        c = random.uniform(1 - self.contrast, 1 + self.contrast)
        order = ['b', 'c'] if random.random() < 0.5 else ['c', 'b']
        for op in order:
            if op == 'b':
                clip = clip * b
            else:
                m = clip.mean()
                clip = m + c * (clip - m)
        clip = np.clip(np.rint(clip), 0, 255).astype(np.uint8)
        results['imgs'] = list(clip)
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(brightness={self.brightness}, '
                f'contrast={self.contrast}, p={self.p})')


@TRANSFORMS.register_module()
class ClipGaussianBlur(BaseTransform):
    """Gaussian blur with one random sigma for the whole clip.

    With probability ``p`` every frame is blurred with
    ``sigma ~ U(*sigma)`` (pixels; the kernel spans about +-3 sigma).
    BYOL blurs 224 px images with sigma in [0.1, 2.0]; for 96 px faces the
    configs scale it to about [0.1, 0.9].

    Required Keys: ``imgs``. Modified Keys: ``imgs``.

    Args:
        sigma: range of the standard deviation in pixels.
        p: probability of blurring the clip.
    """

    def __init__(self, sigma: Sequence[float] = (0.1, 2.0),
                 p: float = 0.5) -> None:
        if not 0 < sigma[0] <= sigma[1]:
            raise ValueError(f'sigma must satisfy 0 < min <= max, '
                             f'got {sigma}')
        self.sigma = tuple(sigma)
        self.p = _check_prob(p)

    def transform(self, results: dict) -> dict:
        imgs = get_clip(results, type(self).__name__)
        if random.random() >= self.p:
            return results
        s = random.uniform(*self.sigma)
        results['imgs'] = [
            _keep_channels(cv2.GaussianBlur(img, (0, 0), sigmaX=s,
                                            sigmaY=s), img) for img in imgs]
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}(sigma={self.sigma}, p={self.p})'


@TRANSFORMS.register_module()
class ClipSolarize(BaseTransform):
    """Solarise the whole clip with probability ``p``: ``x >= t -> 255 - x``.

    BYOL's solarisation (threshold 0.5 of the range, i.e. 128; p 0.2 on the
    second view). Unlike the downstream ``Solarize`` (threshold at the
    frame's mean), the threshold is fixed.

    Required Keys: ``imgs``. Modified Keys: ``imgs``.

    Args:
        threshold: pixels ``>= threshold`` are inverted.
        p: probability of solarising the clip.
    """

    def __init__(self, threshold: int = 128, p: float = 0.2) -> None:
        if not 0 <= threshold <= 256:
            raise ValueError(f'threshold must be in [0, 256], '
                             f'got {threshold}')
        self.threshold = threshold
        self.p = _check_prob(p)

    def transform(self, results: dict) -> dict:
        imgs = get_clip(results, type(self).__name__)
        if random.random() < self.p:
            results['imgs'] = [np.where(img >= self.threshold, 255 - img,
                                        img).astype(np.uint8)
                               for img in imgs]
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(threshold={self.threshold}, '
                f'p={self.p})')
