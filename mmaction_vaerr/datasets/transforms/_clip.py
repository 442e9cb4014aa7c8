"""Input checks shared by the clip transforms of this package."""
from __future__ import annotations

from typing import List

import numpy as np


def sample_suffix(results: dict) -> str:
    """Name the sample in error messages (its video file when known)."""
    name = results.get('filename', results.get('frame_dir'))
    return f' (video {name})' if name is not None else ''


def get_clip(results: dict, transform: str) -> List[np.ndarray]:
    """Return ``results['imgs']`` after checking it is a clip of uint8 frames.

    A clip is a non-empty list (or tuple) of ``numpy.uint8`` arrays of shape
    ``(H, W)`` or ``(H, W, C)``, all of the same shape.

    Args:
        results: the pipeline results dict.
        transform: name of the calling transform, used in error messages.

    Returns:
        The list of frames (the same list object when ``imgs`` is a list).

    Raises:
        KeyError: ``imgs`` is missing.
        TypeError: ``imgs`` is not a sequence of uint8 numpy arrays.
        ValueError: the clip is empty, or its frames differ in shape.
    """
    at = sample_suffix(results)
    if 'imgs' not in results:
        raise KeyError(f"{transform}: results has no 'imgs' key{at}; "
                       'decode the video first')
    imgs = results['imgs']
    if isinstance(imgs, tuple):
        imgs = list(imgs)
    if not isinstance(imgs, list):
        raise TypeError(f"{transform}: 'imgs' must be a list of frames, got "
                        f'{type(imgs).__name__}{at}')
    if len(imgs) == 0:
        raise ValueError(f"{transform}: 'imgs' is an empty clip{at}")
    shape = None
    for i, img in enumerate(imgs):
        if not isinstance(img, np.ndarray) or img.dtype != np.uint8:
            kind = (f'{img.dtype} array'
                    if isinstance(img, np.ndarray) else type(img).__name__)
            raise TypeError(f'{transform}: frame {i} must be a uint8 numpy '
                            f'array, got {kind}{at}')
        if img.ndim not in (2, 3):
            raise ValueError(f'{transform}: frame {i} has shape {img.shape}; '
                             f'expected (H, W) or (H, W, C){at}')
        if shape is None:
            shape = img.shape
        elif img.shape != shape:
            raise ValueError(f'{transform}: frame {i} has shape {img.shape} '
                             f'but frame 0 has {shape}{at}')
    return imgs
